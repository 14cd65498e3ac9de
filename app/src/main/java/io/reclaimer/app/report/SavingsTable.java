package io.reclaimer.app.report;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The human summary printed at the end of a demo or standalone run. */
public final class SavingsTable {

    private static final double MIB = 1024 * 1024;

    private SavingsTable() {
    }

    public static void print(PipelineSummary summary, PrintWriter out, int top) {
        out.println();
        out.printf(Locale.ROOT, "Processed %,d usage samples from %d clusters (%d dead letters).%n",
                summary.samplesProcessed(), summary.intakeByCluster().size(), summary.deadLetters());
        printRecommendations(summary.recommendations(), out, top);
        printFindings(summary.findings(), out);
        out.printf(Locale.ROOT, "%nTotal: $%,.2f/month of rightsizing savings, $%,.2f/month of waste found.%n",
                summary.monthlySavingsUsd(), summary.monthlyWasteUsd());
        out.flush();
    }

    private static void printRecommendations(List<Recommendation> recommendations, PrintWriter out, int top) {
        out.println();
        if (recommendations.isEmpty()) {
            out.println("Rightsizing: no recommendations yet.");
            return;
        }
        List<Recommendation> ranked = recommendations.stream().filter(r -> r.monthlySavingsUsd() != null)
                .sorted(Comparator.comparingDouble((Recommendation r) -> Math.abs(r.monthlySavingsUsd())).reversed())
                .limit(top).toList();
        out.printf(Locale.ROOT, "Rightsizing (top %d of %d by $/month):%n", ranked.size(), recommendations.size());
        String format = "  %-58s %-17s %-19s %11s%n";
        out.printf(Locale.ROOT, format, "WORKLOAD CONTAINER", "CPU now → rec", "MEMORY now → rec", "$/MONTH");
        for (Recommendation r : ranked) {
            String cpu = cores(r.cpu().requestCores()) + " → " + cores(r.cpu().targetCores());
            String memory = mib(r.memory().requestBytes()) + " → " + mib(r.memory().targetBytes());
            String flag = r.cpuUnderProvisioned() || r.memoryUnderProvisioned() ? " under" : r.hpaScalesOnCpu() ? " hpa" : "";
            out.printf(Locale.ROOT, format, abbreviate(r.container().key(), 58), cpu, memory,
                    String.format(Locale.ROOT, "%+,.2f", r.monthlySavingsUsd()) + flag);
        }
    }

    private static void printFindings(List<Finding> findings, PrintWriter out) {
        out.println();
        if (findings.isEmpty()) {
            out.println("Waste: no findings yet.");
            return;
        }
        Map<FindingKind, double[]> byKind = new EnumMap<>(FindingKind.class);
        for (Finding f : findings) {
            double[] acc = byKind.computeIfAbsent(f.kind(), k -> new double[2]);
            acc[0]++;
            acc[1] += f.monthlyUsd();
        }
        out.println("Waste found:");
        String format = "  %-28s %6s %13s%n";
        out.printf(Locale.ROOT, format, "KIND", "COUNT", "$/MONTH");
        byKind.forEach((kind, acc) -> out.printf(Locale.ROOT, format, kind.wireName(), (long) acc[0],
                String.format(Locale.ROOT, "%,.2f", acc[1])));
    }

    static String cores(Double cores) {
        return cores == null ? "-" : String.format(Locale.ROOT, "%dm", Math.round(cores * 1000));
    }

    static String mib(Long bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%dMi", Math.round(bytes / MIB));
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : "…" + text.substring(text.length() - width + 1);
    }

    static boolean hasSavings(Recommendation r) {
        return Objects.nonNull(r.monthlySavingsUsd());
    }
}
