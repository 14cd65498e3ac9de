package io.reclaimer.streams.rightsizing.offline;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The backtest's table (Markdown, so it can go straight into the docs) or JSON. */
public final class BacktestOutput {

    private BacktestOutput() {
    }

    /** Per trace, and when there are several traces, every strategy pooled over all of them. */
    public static void markdown(List<Backtest.Score> scores, Writer out) throws IOException {
        List<Backtest.Score> rows = new java.util.ArrayList<>(scores);
        if (scores.stream().map(Backtest.Score::trace).distinct().count() > 1) {
            rows.addAll(pooled(scores));
        }
        scores = rows;
        out.write("| trace | strategy | CPU slack % | CPU under-provisioned % | memory slack % | memory under-provisioned % | samples |\n");
        out.write("|---|---|---:|---:|---:|---:|---:|\n");
        for (Backtest.Score s : scores) {
            out.write(String.format(Locale.ROOT, "| %s | %s | %.1f | %.2f | %.1f | %.2f | %d |%n", s.trace(), s.strategy(),
                    s.cpu().slackPercent(), s.cpu().underProvisionedPercent(), s.memory().slackPercent(),
                    s.memory().underProvisionedPercent(), s.cpu().samples()));
        }
        out.flush();
    }

    /** Each strategy over all traces: slack and under-provisioning of the summed samples. */
    public static List<Backtest.Score> pooled(List<Backtest.Score> scores) {
        java.util.Map<String, List<Backtest.Score>> byStrategy = new java.util.LinkedHashMap<>();
        scores.forEach(s -> byStrategy.computeIfAbsent(s.strategy(), k -> new java.util.ArrayList<>()).add(s));
        List<Backtest.Score> pooled = new java.util.ArrayList<>();
        byStrategy.forEach((strategy, list) -> pooled.add(new Backtest.Score("all traces", strategy,
                pool(list.stream().map(Backtest.Score::cpu).toList()), pool(list.stream().map(Backtest.Score::memory).toList()))));
        return pooled;
    }

    private static Backtest.Measure pool(List<Backtest.Measure> measures) {
        double recommended = 0;
        double slack = 0;
        double used = 0;
        double under = 0;
        long samples = 0;
        for (Backtest.Measure m : measures) {
            recommended += m.recommended();
            slack += m.slackPercent() / 100 * m.recommended();
            used += m.used();
            under += m.underProvisionedPercent() / 100 * m.samples();
            samples += m.samples();
        }
        return new Backtest.Measure(recommended == 0 ? 0 : 100 * slack / recommended, samples == 0 ? 0 : 100 * under / samples,
                samples, recommended, used);
    }

    /** The sweep behind the trade-off chart: one row per knob setting, pooled over the traces. */
    public static void sweepMarkdown(List<BacktestSweep.Point> points, Writer out) throws IOException {
        out.write("| strategy | setting | CPU slack % | CPU under-provisioned % | memory slack % | memory under-provisioned % |\n");
        out.write("|---|---|---:|---:|---:|---:|\n");
        for (BacktestSweep.Point p : points) {
            Backtest.Score s = p.score();
            out.write(String.format(Locale.ROOT, "| %s | %s%s | %.1f | %.2f | %.1f | %.3f |%n", p.setting().strategy(),
                    p.setting().label(), p.setting().isDefault() ? " (default)" : "", s.cpu().slackPercent(),
                    s.cpu().underProvisionedPercent(), s.memory().slackPercent(), s.memory().underProvisionedPercent()));
        }
        out.flush();
    }

    public static void json(List<Backtest.Score> scores, Writer out) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        out.write(mapper.writeValueAsString(scores));
        out.write(System.lineSeparator());
        out.flush();
    }
}
