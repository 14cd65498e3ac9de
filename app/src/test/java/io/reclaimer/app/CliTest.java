package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"demo", "--help"}, {"standalone", "--help"},
            {"collect", "--help"}, {"collect", "simulated", "--help"}, {"streams", "--help"}, {"topics", "--help"}, {"acls", "--help"},
            {"actions", "--help"}, {"rollback", "--help"}, {"rightsize", "--help"}, {"bench", "--help"},
            {"bench", "rightsizing", "--help"}}) {
            Result result = run(command);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.out()).startsWith("Usage: reclaimer");
        }
    }

    @Test
    void aBadOptionIsOneClearLineAndExitCode2() {
        Result result = run("demo", "--clusterz", "3");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("reclaimer: Unknown options: '--clusterz'")
                .contains("Try 'reclaimer demo --help'").doesNotContain("\tat ");
    }

    @Test
    void aFailureIsOneLineNotAStackTrace() {
        Result result = run("topics", "--config", "/nonexistent/reclaimer.yaml");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("reclaimer: /nonexistent/reclaimer.yaml: no such config file" + System.lineSeparator());
    }

    @Test
    void aBadDurationIsExplained() {
        Result result = run("demo", "--duration", "soon");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("invalid duration 'soon'");
    }

    @Test
    void topicsPrintsTheCatalog() {
        Result result = run("topics", "--topic-namespace", "acme");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("acme.usage.samples", "acme.dead-letters", "compact");
    }

    @Test
    void rollbackRefusesToGuessWhereTheActionsAre() {
        Result result = run("rollback", "downsize-0123");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reclaimer: rollback needs the Kafka that holds the actions");
    }

    @Test
    void theActionsServiceRefusesAnInvalidPolicySetNamingFileAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path policy = dir.resolve("broken.yaml");
        java.nio.file.Files.writeString(policy, """
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: broken}
                spec:
                  rules:
                    - name: r
                      decision: sometimes
                """);
        Result result = run("actions", "--policies", dir.toString(), "--kafka-bootstrap", "127.0.0.1:1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reclaimer: 1 problem in the policy files:").contains("broken.yaml:7:");
    }

    @Test
    void collectorsRefuseToGuessWhereKafkaIs() {
        Result result = run("collect", "simulated", "--once");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("give --kafka-bootstrap");
    }
}
