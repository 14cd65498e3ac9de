package io.reclaimer.streams.rightsizing.offline;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The backtest's table (Markdown, so it can go straight into the docs) or JSON. */
public final class BacktestOutput {

    private BacktestOutput() {
    }

    public static void markdown(List<Backtest.Score> scores, Writer out) throws IOException {
        out.write("| trace | strategy | CPU slack % | CPU under-provisioned % | memory slack % | memory under-provisioned % | samples |\n");
        out.write("|---|---|---:|---:|---:|---:|---:|\n");
        for (Backtest.Score s : scores) {
            out.write(String.format(Locale.ROOT, "| %s | %s | %.1f | %.2f | %.1f | %.2f | %d |%n", s.trace(), s.strategy(),
                    s.cpu().slackPercent(), s.cpu().underProvisionedPercent(), s.memory().slackPercent(),
                    s.memory().underProvisionedPercent(), s.cpu().samples()));
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
