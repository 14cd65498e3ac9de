package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reclaimer.model.serde.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reclaimer standalone} as an operator runs it on a real source: the AWS collector against the local
 * AWS replay server, the embedded broker and the analysis keeping their data in {@code --data-dir}, the
 * run stopping by itself and reporting what it found.
 */
class StandaloneIT {

    @RegisterExtension
    final AwsReplayFixture aws = new AwsReplayFixture("aws/cli");

    @Test
    void findsTheWasteOfARealSourceAndKeepsItsDataBetweenRuns(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("reclaimer.yaml");
        Files.writeString(config, """
                standalone:
                  sources: [aws]
                aws:
                  regions: [us-east-1]
                  endpointUrl: %s
                report:
                  enabled: false
                """.formatted(aws.server().endpoint()));
        Path report = dir.resolve("report.json");
        Path data = dir.resolve("data");

        CliTest.Result result = CliTest.run("standalone", "--config", config.toString(), "--duration", "10s",
                "--data-dir", data.toString(), "--metrics-port", "0", "--report", report.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("(embedded)", "Running for 10s.", "Report written to");
        assertThat(result.out()).as("the actions service runs too, denying everything without policies")
                .contains("Actions: deny-all (no policies configured); dry-run false");
        JsonNode json = Json.mapper().readTree(Files.readAllBytes(report));
        List<String> found = new ArrayList<>();
        json.path("findings").forEach(f -> found.add(f.path("kind").asText() + " " + f.path("resource").asText()));
        assertThat(found).contains("unassociated-address aws/123456789012/us-east-1/eipalloc-0a0b0c0d0e0f00003");
        assertThat(data.resolve("kafka")).isNotEmptyDirectory();
        assertThat(data.resolve("streams")).isNotEmptyDirectory();
        assertThat(aws.server().unmatched()).isEmpty();
    }
}
