package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reclaimer.model.serde.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo, as a newcomer runs it, in-process: embedded broker, simulator, analysis, summary, report. */
class DemoIT {

    @Test
    void theDemoRunsThePipelineStopsByItselfAndReports(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        CliTest.Result result = CliTest.run("demo", "--duration", "10s", "--clusters", "2", "--history", "1d",
                "--metrics-port", "0", "--slack-port", "0", "--report", report.toString(), "--email-output",
                dir.resolve("mail").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Reclaimer demo: 2 simulated clusters", "(embedded)", "/metrics", "/healthz",
                "Running for 10s.", "usage samples from 2 clusters", "Total: $", "Report written to",
                "Actions: policies at ", "Slack skipped (no SLACK_BOT_TOKEN)");
        assertThat(result.out()).containsPattern("Actions: (none proposed|\\d+ proposed)");
        // what it is doing, instead of Kafka's start-up chatter (which goes to the file it names)
        assertThat(result.out()).contains("Kafka's own log: ", "stops in")
                .containsPattern("(simulating history +\\d+%|history sent · analysis catching up|analysis caught up)");
        JsonNode json = Json.mapper().readTree(Files.readAllBytes(report));
        assertThat(json.fieldNames()).toIterable().containsExactly("recommendations", "findings", "costs", "totals");
        assertThat(json.path("totals").has("monthlyWasteUsd")).isTrue();
        assertThat(json.path("totals").has("monthlySavingsUsd")).isTrue();
        assertThat(json.path("findings").size() + json.path("recommendations").size()).isPositive();
        for (JsonNode finding : json.path("findings")) {
            assertThat(finding.fieldNames()).toIterable().contains("id", "kind", "resource", "cluster", "namespace",
                    "monthlyUsd", "evidence", "since");
        }
        for (JsonNode recommendation : json.path("recommendations")) {
            assertThat(recommendation.fieldNames()).toIterable().contains("cluster", "namespace", "workload", "container",
                    "cpu", "memory", "confidence", "monthlySavingsUsd", "hpaScalesOnCpu");
            assertThat(recommendation.path("cpu").fieldNames()).toIterable()
                    .containsExactly("request", "target", "lowerBound", "upperBound");
        }
        // the weekly report the demo's default recipient would get, written instead of sent
        assertThat(result.out()).contains("Weekly report e-mails: ");
        assertThat(dir.resolve("mail").resolve("finops@example.com.eml")).isNotEmptyFile();
        assertThat(dir.resolve("mail").resolve("finops@example.com.html")).content().contains("Reclaimer weekly cost report");
    }
}
