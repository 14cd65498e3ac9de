package io.reclaimer.streams.rightsizing.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** A what-if report as text (one line per question, and the one-line summary an approver reads) or JSON. */
public final class WhatIfOutput {

    private WhatIfOutput() {
    }

    /** The one-line answer: what the history says about the proposal. */
    public static String summary(WhatIf.Report r) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "at %s CPU / %s memory, the last %.1f days had %.2f%% of samples above the CPU (about %s throttled), "
                        + "%.3f%% above the memory (OOM) and %.2f%% within 5%% of it",
                RecommendationOutput.cores(r.cpuCores()), RecommendationOutput.bytes(r.memoryBytes()),
                r.firstDays(), r.cpuAbovePercent(), hours(r.cpuThrottledHours()), r.memoryAbovePercent(),
                r.memoryWithin5PercentPercent()));
        if (r.worstDay() != null) {
            line.append(String.format(Locale.ROOT, "; worst day %s (%d of %d samples above)", r.worstDay().date(),
                    r.worstDay().cpuAbove() + r.worstDay().memoryAbove(), r.worstDay().samples()));
        }
        return line.toString();
    }

    public static void text(WhatIf.Report r, Writer out) throws IOException {
        out.write(String.format(Locale.ROOT, "what-if: %s at %s CPU, %s memory, replayed over %.1f days (%d samples)%n",
                r.container().key(), RecommendationOutput.cores(r.cpuCores()),
                RecommendationOutput.bytes(r.memoryBytes()), r.firstDays(), r.samples()));
        out.write(String.format(Locale.ROOT, "  CPU above the proposal     %.2f%% of samples; estimated throttling %s "
                + "(%.2f%% of the time, were the limit %s)%n", r.cpuAbovePercent(), hours(r.cpuThrottledHours()),
                r.cpuThrottledPercent(), RecommendationOutput.cores(r.cpuCores())));
        out.write(String.format(Locale.ROOT, "  memory above the proposal  %.3f%% of readings (an OOM kill each)%n",
                r.memoryAbovePercent()));
        out.write(String.format(Locale.ROOT, "  memory within 5%% below it  %.2f%% of readings (OOM risk)%n",
                r.memoryWithin5PercentPercent()));
        WhatIf.Day worst = r.worstDay();
        out.write(worst == null ? "  worst day                  none: no sample above the proposal\n"
                : String.format(Locale.ROOT, "  worst day                  %s: %d of %d samples above (CPU %d, memory %d); "
                        + "peaks %s CPU, %s memory%n", worst.date(), worst.cpuAbove() + worst.memoryAbove(), worst.samples(),
                        worst.cpuAbove(), worst.memoryAbove(), RecommendationOutput.cores(worst.cpuPeakCores()),
                        RecommendationOutput.bytes(worst.memoryPeakBytes())));
        String current = (r.currentCpuCores() == null ? "?" : RecommendationOutput.cores(r.currentCpuCores())) + " CPU, "
                + (r.currentMemoryBytes() == null ? "?" : RecommendationOutput.bytes(r.currentMemoryBytes())) + " memory";
        out.write(r.monthlySavingsUsd() == null
                ? "  monthly savings            not priced (needs the request columns and --cpu-usd-per-core-hour "
                        + "--memory-usd-per-gib-hour)\n"
                : String.format(Locale.ROOT, "  monthly savings            $%.2f against %s, %d replica(s)%n",
                        r.monthlySavingsUsd(), current, r.replicas()));
        out.flush();
    }

    public static void json(WhatIf.Report r, Writer out) throws IOException {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
        out.write(mapper.writeValueAsString(r));
        out.write(System.lineSeparator());
        out.flush();
    }

    private static String hours(double hours) {
        return hours < 1 ? String.format(Locale.ROOT, "%.0f min", hours * 60) : String.format(Locale.ROOT, "%.1f h", hours);
    }
}
