package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code reclaimer collect aws --once --output -} against the local AWS replay server ({@link AwsReplayFixture}). */
class CollectAwsCommandTest {

    private final ObjectMapper json = new ObjectMapper();
    @RegisterExtension
    final AwsReplayFixture replay = new AwsReplayFixture("aws/cli");

    @Test
    void printsInventoryAndBillingAsJsonLinesAndExitsZero() throws Exception {
        Run run = run("collect", "aws", "--once", "--output", "-", "--region", "us-east-1",
                "--endpoint-url", replay.server().endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (line.startsWith("{")) { // the test logging config writes to stdout too; production logs go to stderr
                lines.add(json.readTree(line));
            }
        }
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("topic").asText()).isEqualTo("reclaimer.cloud.inventory");
            assertThat(line.get("key").asText()).isEqualTo("aws/123456789012/us-east-1/vol-0a1b2c3d4e5f60001");
            assertThat(line.at("/value/schema").asText()).isEqualTo("ebs-volume/v1");
            assertThat(line.at("/value/state").asText()).isEqualTo("available");
            assertThat(line.at("/value/tags/team").asText()).isEqualTo("payments");
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("key").asText()).isEqualTo("aws/123456789012/us-east-1/eipalloc-0a0b0c0d0e0f00003");
            assertThat(line.at("/value/schema").asText()).isEqualTo("elastic-ip/v1");
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("topic").asText()).isEqualTo("reclaimer.billing.lines");
            assertThat(line.at("/value/schema").asText()).isEqualTo("billing-line/v1");
            assertThat(line.at("/value/service").asText()).isEqualTo("Amazon Elastic Compute Cloud - Compute");
            assertThat(line.at("/value/amount").asDouble()).isEqualTo(24.48);
        });
        assertThat(lines).noneMatch(line -> line.get("value").isNull());
        // no account configured: its id came from STS, and every call went to the endpoint
        assertThat(replay.server().requests("sts", "GetCallerIdentity")).hasSize(1);
        assertThat(replay.server().requests()).allSatisfy(r -> assertThat(r.accessKeyId()).isEqualTo("AKIDEXAMPLE"));
        assertThat(replay.server().unmatched()).isEmpty();
    }

    @Test
    void aBadEndpointUrlIsOneClearLine() {
        Run run = run("collect", "aws", "--once", "--output", "-", "--endpoint-url", "localhost:4566");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("reclaimer: aws.endpointUrl must be an absolute http(s) URL, was 'localhost:4566'"
                + System.lineSeparator());
        assertThat(replay.server().requests()).isEmpty();
    }

    @Test
    void aOnceRunThatCouldNotReachAwsExitsNonZeroWithOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path config = dir.resolve("reclaimer.yaml");
        java.nio.file.Files.writeString(config, """
                aws:
                  regions: [us-east-1]
                  retry:
                    maxAttempts: 1
                """);
        Run run = run("collect", "aws", "--once", "--output", "-", "--config", config.toString(),
                "--endpoint-url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("reclaimer: AWS collection incomplete: ").contains("call(s) failed")
                .doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void hasHelp() {
        Run run = run("collect", "aws", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: reclaimer collect aws").contains("--region", "--endpoint-url", "--once",
                "--output", "--config");
    }

    record Run(int exitCode, String out, String err, String stdout) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return new Run(code, out.toString(), err.toString(), stdout.toString(StandardCharsets.UTF_8));
    }
}
