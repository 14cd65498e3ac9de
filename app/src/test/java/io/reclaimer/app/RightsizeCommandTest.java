package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RightsizeCommandTest {

    private static Path usage(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,cluster,namespace,workload,container,pod,cpu_cores,memory_bytes,"
                + "cpu_request_cores,memory_request_bytes\n");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 24 * 12; i++) {
            csv.append(start.plusSeconds(300L * i)).append(",prod,shop,Deployment/web,app,web-1,")
                    .append(i % 20 == 0 ? "0.5" : "0.2").append(',').append(300L << 20).append(",1,").append(1L << 30).append('\n');
            if (i == 3) {
                csv.append("2026-11-01T00:20:00Z,prod,shop,Deployment/web,app,web-1,lots,1,1,1\n");
            }
        }
        Path file = dir.resolve("usage.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void printsTheDocumentedJsonAndReportsBadRowsWithTheirLineNumber(@TempDir Path dir) throws Exception {
        CliTest.Result result = CliTest.run("rightsize", "--input", usage(dir).toString(), "--format", "json",
                "--strategy", "vpa", "--cpu-usd-per-core-hour", "0.04", "--memory-usd-per-gib-hour", "0.005");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("usage.csv: line 6: cpu_cores 'lots' is not a number")
                .contains("skipped 1 bad row(s), used 288");
        JsonNode json = new ObjectMapper().readTree(result.out());
        JsonNode web = json.get(0);
        assertThat(web.get("workload").asText()).isEqualTo("Deployment/web");
        assertThat(web.get("cpu").get("request").asDouble()).isEqualTo(1.0);
        assertThat(web.get("cpu").get("target").asDouble()).isBetween(0.2, 0.3);
        assertThat(web.get("memory").get("request").asLong()).isEqualTo(1L << 30);
        assertThat(web.get("monthlySavingsUsd").asDouble()).isPositive();
    }

    @Test
    void theBacktestScoresEveryStrategy(@TempDir Path dir) throws Exception {
        CliTest.Result result = CliTest.run("rightsize", "--input", usage(dir).toString(), "--backtest", "--train-days", "0");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("| trace | strategy | CPU slack % | CPU under-provisioned % | memory slack % |")
                .contains("| usage | vpa |").contains("| usage | percentile |").contains("| usage | default |")
                .contains("| usage | requests (as set) |");
    }

    @Test
    void aMissingFileOrBadHeaderIsOneClearLine(@TempDir Path dir) throws Exception {
        assertThat(CliTest.run("rightsize", "--input", dir.resolve("nope.csv").toString()).err())
                .isEqualTo("reclaimer: " + dir.resolve("nope.csv") + ": no such file" + System.lineSeparator());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "timestamp,cluster\n");
        CliTest.Result result = CliTest.run("rightsize", "--input", bad.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reclaimer: " + bad + ": line 1: missing column(s)");
        assertThat(CliTest.run("rightsize", "--input", bad.toString(), "--strategy", "magic").err())
                .contains("rightsizing.strategy must be one of vpa, percentile, default");
    }

    @Test
    void whatIfReplaysAContainerAgainstAProposedRequestGivenAsKubernetesQuantities(@TempDir Path dir) throws Exception {
        CliTest.Result result = CliTest.run("rightsize", "--what-if", "--input", usage(dir).toString(),
                "--container", "prod/shop/Deployment/web/app", "--cpu", "300m", "--memory", "512Mi",
                "--cpu-usd-per-core-hour", "0.04", "--memory-usd-per-gib-hour", "0.005", "--format", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("cpuCores").asDouble()).isEqualTo(0.3);
        assertThat(json.get("memoryBytes").asLong()).isEqualTo(512L << 20);
        // one sample in twenty uses 0.5 cores
        assertThat(json.get("cpuAbovePercent").asDouble()).isCloseTo(100.0 * 15 / 288, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("memoryAbovePercent").asDouble()).isZero();
        assertThat(json.get("monthlySavingsUsd").asDouble()).isCloseTo((0.7 * 0.04 + 0.5 * 0.005) * 730,
                org.assertj.core.data.Offset.offset(0.01));
        CliTest.Result bad = CliTest.run("rightsize", "--what-if", "--input", usage(dir).toString(),
                "--container", "prod/shop/Deployment/web/app", "--cpu", "lots", "--memory", "512Mi");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--cpu: 'lots' is not a positive Kubernetes quantity");
    }

    @Test
    void theBacktestDrawsTheTradeOffOfEveryStrategysKnob(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("tradeoff.png");
        CliTest.Result result = CliTest.run("rightsize", "--input", usage(dir).toString(), "--backtest", "--train-days", "0",
                "--plot", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(io.reclaimer.app.rightsizing.TradeOffChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(io.reclaimer.app.rightsizing.TradeOffChart.HEIGHT);
        // the sweep behind the picture: every setting of every strategy, the defaults marked
        assertThat(result.out()).contains("| vpa | margin 0.15 (default) |").contains("| percentile | p95, buffer 0.15 (default) |")
                .contains("| default | margins 0.06/0.04-0.10 (default) |").contains("| default | margins 0.30/0.20-0.50 |");
    }
}
