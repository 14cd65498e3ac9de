package io.reclaimer.streams.rightsizing.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineRightsizerTest {

    private final OfflineRightsizer rightsizer = new OfflineRightsizer(RightsizingConfig.DEFAULTS);

    private static List<UsageCsv.Row> day(boolean withRequests) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,cluster,namespace,workload,container,pod,cpu_cores,memory_bytes"
                + (withRequests ? ",cpu_request_cores,memory_request_bytes" : "") + "\n");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int minute = 0; minute < 24 * 60; minute += 5) {
            csv.append(start.plusSeconds(60L * minute)).append(",prod,shop,Deployment/web,app,web-1,0.2,")
                    .append(300L << 20).append(withRequests ? ",1," + (1L << 30) : "").append('\n');
        }
        return UsageCsv.read(new StringReader(csv.toString())).rows();
    }

    @Test
    void jsonHasExactlyTheDocumentedFieldsWithNullSavingsWhenNothingIsPriced() throws Exception {
        List<OfflineRightsizer.Result> results = rightsizer.recommend(day(false), "vpa", null);
        StringWriter out = new StringWriter();
        RecommendationOutput.write(results, RecommendationOutput.Format.JSON, out);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.isArray()).isTrue();
        JsonNode first = json.get(0);
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("cluster", "namespace", "workload", "container", "cpu", "memory",
                "confidence", "monthlySavingsUsd");
        List<String> cpuFields = new ArrayList<>();
        first.get("cpu").fieldNames().forEachRemaining(cpuFields::add);
        assertThat(cpuFields).containsExactly("request", "target", "lowerBound", "upperBound");
        assertThat(first.get("workload").asText()).isEqualTo("Deployment/web");
        assertThat(first.get("cpu").get("request").isNull()).isTrue();
        assertThat(first.get("monthlySavingsUsd").isNull()).isTrue();
        assertThat(first.get("memory").get("target").asLong()).isGreaterThan(300L << 20);
    }

    @Test
    void requestsAndPricesGiveMonthlySavings() throws Exception {
        OfflineRightsizer.Result result = rightsizer.recommend(day(true), "default", new UnitPrices(0.04, 0.005)).get(0);
        var r = result.recommendation();
        double expected = ((1.0 - r.cpu().targetCores()) * 0.04 + ((1L << 30) - r.memory().targetBytes()) / UnitPrices.BYTES_PER_GIB * 0.005) * 730;
        assertThat(r.monthlySavingsUsd()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
        StringWriter table = new StringWriter();
        RecommendationOutput.write(List.of(result), RecommendationOutput.Format.TABLE, table);
        assertThat(table.toString()).contains("CONTAINER").contains("1000m").contains("1024Mi");
        StringWriter csv = new StringWriter();
        RecommendationOutput.write(List.of(result), RecommendationOutput.Format.CSV, csv);
        assertThat(csv.toString().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", RecommendationOutput.CSV_COLUMNS));
    }

    @Test
    void theBacktestScoresEveryStrategyOnTheShippedSteadyTrace() throws Exception {
        List<UsageCsv.Row> rows = UsageCsv.read(Files.newBufferedReader(Path.of("..", "docs", "traces", "steady.csv"))).rows();
        List<Backtest.Score> scores = new Backtest(RightsizingConfig.DEFAULTS).run("steady", rows, 7,
                List.of("vpa", "percentile", "default"));
        assertThat(scores).extracting(Backtest.Score::strategy).containsExactly(Backtest.REQUESTS, "vpa", "percentile",
                "default");
        Backtest.Score requests = scores.get(0);
        Backtest.Score vpa = scores.get(1);
        Backtest.Score percentile = scores.get(2);
        Backtest.Score balanced = scores.get(3);
        // the hand-set requests of the simulated fleet leave most of what they reserve unused
        assertThat(requests.cpu().slackPercent()).isGreaterThan(vpa.cpu().slackPercent());
        // the percentile strategy's p95 without margin leaves about 5% of CPU samples above it
        assertThat(percentile.cpu().underProvisionedPercent()).isBetween(2.0, 8.0);
        assertThat(balanced.cpu().underProvisionedPercent()).isLessThan(percentile.cpu().underProvisionedPercent());
        assertThat(balanced.cpu().slackPercent()).isLessThan(vpa.cpu().slackPercent());
        assertThat(balanced.memory().slackPercent()).isLessThan(vpa.memory().slackPercent())
                .isLessThan(percentile.memory().slackPercent());
        assertThat(balanced.memory().underProvisionedPercent()).isZero();
    }

    @Test
    void rowsOutOfOrderInTheExportGiveTheSameRecommendationAsSortedRows() throws Exception {
        List<UsageCsv.Row> sorted = day(true);
        List<UsageCsv.Row> shuffled = new ArrayList<>(sorted);
        java.util.Collections.shuffle(shuffled, new java.util.Random(17));
        for (String strategy : List.of("vpa", "percentile", "default")) {
            assertThat(rightsizer.recommend(shuffled, strategy, null)).as(strategy)
                    .isEqualTo(rightsizer.recommend(sorted, strategy, null));
        }
    }

    @Test
    void theBacktestDoesNotScoreUnknownMemoryReadings() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,cluster,namespace,workload,container,cpu_cores,memory_bytes,"
                + "cpu_request_cores,memory_request_bytes\n");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int minute = 0; minute < 3 * 24 * 60; minute += 5) {
            // every third reading of memory is a 0 from the exporter
            long memory = minute % 15 == 0 ? 0 : 300L << 20;
            csv.append(start.plusSeconds(60L * minute)).append(",prod,shop,Deployment/web,app,0.2,").append(memory)
                    .append(",1,").append(1L << 30).append('\n');
        }
        List<UsageCsv.Row> rows = UsageCsv.read(new StringReader(csv.toString())).rows();
        List<Backtest.Score> scores = new Backtest(RightsizingConfig.DEFAULTS).run("zeros", rows, 1, List.of("vpa", "default"));
        for (Backtest.Score score : scores) {
            assertThat(score.memory().samples()).as(score.strategy()).isEqualTo(score.cpu().samples() * 2 / 3);
            // the requests leave 724 MiB of 1 GiB unused at every known reading: zeros would have counted 1 GiB
            if (score.strategy().equals(Backtest.REQUESTS)) {
                assertThat(score.memory().slackPercent()).isCloseTo(100.0 * 724 / 1024, org.assertj.core.data.Offset.offset(0.01));
            }
        }
    }
}
