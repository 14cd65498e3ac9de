package io.reclaimer.streams.rightsizing.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The claims docs/rightsizing.md makes about {@code default} against {@code vpa}, checked on the corpora themselves.
 * The real one (public Bitbrains GWA-T-12 "Rnd" traces) is not in the repository: it sits in {@code shared/traces}
 * beside the clone ({@code ../shared/traces} from the repository root); the test looks for it in the parent
 * directories and skips, saying so, where it is absent.
 */
class RealTracesBacktestTest {

    static final String REAL = "bitbrains-rnd-2013-7.csv.gz";

    static Path realTraces() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("traces").resolve(REAL);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Backtest.Score score(List<Backtest.Score> scores, String strategy) {
        return BacktestOutput.pooled(scores).stream().filter(s -> s.strategy().equals(strategy)).findFirst().orElseThrow();
    }

    @Test
    void onTheRealVmsDefaultDominatesVpaOverallAndOnTheHeldOutHalfOnAllButMemorySlack() throws Exception {
        Path real = realTraces();
        assumeTrue(real != null, "skipped: the real traces (shared/traces/" + REAL + ") are not beside this clone");
        List<UsageCsv.Row> rows;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(real)), StandardCharsets.UTF_8))) {
            rows = UsageCsv.read(reader).rows();
        }
        // one pass per half (containers are independent, so the two halves pooled are the whole corpus)
        Backtest backtest = new Backtest(RightsizingConfig.DEFAULTS);
        List<Backtest.Score> holdout = backtest.run("holdout", ContainerSplit.HOLDOUT.filter(rows), 7, List.of("vpa", "default"));
        List<Backtest.Score> all = new ArrayList<>(holdout);
        all.addAll(backtest.run("tune", ContainerSplit.TUNE.filter(rows), 7, List.of("vpa", "default")));

        Backtest.Score vpa = score(all, "vpa");
        Backtest.Score balanced = score(all, "default");
        assertThat(balanced.cpu().slackPercent()).isLessThan(vpa.cpu().slackPercent());
        assertThat(balanced.cpu().underProvisionedPercent()).isLessThan(vpa.cpu().underProvisionedPercent());
        assertThat(balanced.memory().slackPercent()).isLessThan(vpa.memory().slackPercent());
        assertThat(balanced.memory().underProvisionedPercent()).isLessThan(vpa.memory().underProvisionedPercent());

        Backtest.Score heldOutVpa = score(holdout, "vpa");
        Backtest.Score heldOut = score(holdout, "default");
        assertThat(heldOut.cpu().slackPercent()).isLessThan(heldOutVpa.cpu().slackPercent());
        assertThat(heldOut.cpu().underProvisionedPercent()).isLessThan(heldOutVpa.cpu().underProvisionedPercent());
        assertThat(heldOut.memory().underProvisionedPercent()).isLessThan(heldOutVpa.memory().underProvisionedPercent());
        // memory slack on the held-out VMs is the one measure where default does not beat VPA (75.5% against 75.4%,
        // see the docs): checked to stay within half a point, so that a change making it worse shows up here
        assertThat(heldOut.memory().slackPercent()).isLessThan(heldOutVpa.memory().slackPercent() + 0.5);
    }

    @Test
    void onTheSyntheticCorpusDefaultDominatesVpa() throws Exception {
        List<Backtest.Score> scores = new ArrayList<>();
        Backtest backtest = new Backtest(RightsizingConfig.DEFAULTS);
        for (String trace : List.of("steady", "diurnal", "spiky", "batch", "leaking")) {
            try (BufferedReader reader = Files.newBufferedReader(Path.of("..", "docs", "traces", trace + ".csv"))) {
                scores.addAll(backtest.run(trace, UsageCsv.read(reader).rows(), 7, List.of("vpa", "default")));
            }
        }
        Backtest.Score vpa = score(scores, "vpa");
        Backtest.Score balanced = score(scores, "default");
        assertThat(balanced.cpu().slackPercent()).isLessThan(vpa.cpu().slackPercent());
        assertThat(balanced.cpu().underProvisionedPercent()).isLessThan(vpa.cpu().underProvisionedPercent());
        assertThat(balanced.memory().slackPercent()).isLessThan(vpa.memory().slackPercent());
        assertThat(balanced.memory().underProvisionedPercent()).isLessThanOrEqualTo(vpa.memory().underProvisionedPercent());
    }
}
