package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.app.config.ConfigException;
import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.config.StandaloneSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void noFileMeansEveryDocumentedDefault() {
        ReclaimerConfig config = ConfigLoader.load(null, Map.of());
        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.kafka().topicNamespace()).isEqualTo("reclaimer");
        assertThat(config.http().port()).isEqualTo(9400);
        assertThat(config.analysis().applicationId()).isEqualTo("reclaimer-analysis");
        assertThat(config.analysis().commitInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.simulator().clusters()).isEqualTo(3);
        assertThat(config.standalone().sources()).isEmpty();
        assertThat(config.kafka().connectionTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theConnectionCheckWaitIsConfigurableWithinBounds() throws Exception {
        assertThat(ConfigLoader.load(write("kafka:\n  connectionTimeout: 5s\n"), Map.of()).kafka().connectionTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigLoader.load(null, Map.of("RECLAIMER_KAFKA_CONNECTION_TIMEOUT", "1m")).kafka()
                .connectionTimeout()).isEqualTo(Duration.ofMinutes(1));
        Path zero = write("kafka:\n  connectionTimeout: 0s\n");
        assertThatThrownBy(() -> ConfigLoader.load(zero, Map.of()))
                .hasMessageStartingWith(zero + ":")
                .hasMessageEndingWith("kafka.connectionTimeout must be more than 0 and at most 5m, was PT0S");
    }

    @Test
    void readsSectionsWithHumanDurations() throws Exception {
        Path file = write("""
                kafka:
                  bootstrapServers: kafka-0:9092,kafka-1:9092
                  replicationFactor: 3
                analysis:
                  commitInterval: 1s
                  standbyReplicas: 1
                  rocksDbMemoryBytes: 536870912
                simulator:
                  history: 2d
                standalone:
                  sources: [simulated]
                """);
        ReclaimerConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-0:9092,kafka-1:9092");
        assertThat(config.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(config.analysis().commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.analysis().standbyReplicas()).isEqualTo(1);
        assertThat(config.analysis().rocksDbMemoryBytes()).isEqualTo(512L << 20);
        assertThat(config.simulator().history()).isEqualTo(Duration.ofDays(2));
        assertThat(config.standalone().sources()).containsExactly(StandaloneSettings.Source.SIMULATED);
    }

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        Path file = write("kafka:\n  topicNamespace: from-file\nhttp:\n  port: 9400\n");
        ReclaimerConfig config = ConfigLoader.load(file, Map.of("RECLAIMER_KAFKA_TOPIC_NAMESPACE", "from-env",
                "RECLAIMER_HTTP_PORT", "9500", "RECLAIMER_STANDALONE_SOURCES", "simulated", "PATH", "/usr/bin"));
        assertThat(config.kafka().topicNamespace()).isEqualTo("from-env");
        assertThat(config.http().port()).isEqualTo(9500);
        assertThat(config.standalone().sources()).containsExactly(StandaloneSettings.Source.SIMULATED);
    }

    @Test
    void aMisspeltOptionFailsWithFileLineAndColumn() throws Exception {
        Path file = write("""
                kafka:
                  topicNamespace: ok
                analysis:
                  standbyReplica: 1
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":4:")
                .hasMessageContaining("unknown option \"standbyReplica\"");
    }

    @Test
    void anUnknownSectionFailsWithItsLine() throws Exception {
        Path file = write("kafka: {}\nstreamz:\n  threads: 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ":2:")
                .hasMessageContaining("unknown section \"streamz\"");
    }

    @Test
    void anUnknownSlackModeFailsWithTheReasonAndPosition() throws Exception {
        Path file = write("actions:\n  slack:\n    mode: websocket\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("actions.slack.mode must be http or socket, was websocket");
    }

    @Test
    void anInvalidValueFailsWithTheReasonAndPosition() throws Exception {
        Path file = write("http:\n  port: 70000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ":2:")
                .hasMessageEndingWith("port must be within 0..65535, was 70000");
    }

    @Test
    void aBadEnvironmentOverrideNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("RECLAIMER_KAFKA_BOOTSTRAP", "x")))
                .hasMessage("environment variable RECLAIMER_KAFKA_BOOTSTRAP: section kafka has no option BOOTSTRAP");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("RECLAIMER_HTTP_PORT", "many")))
                .hasMessageContaining("RECLAIMER_HTTP_PORT");
    }

    @Test
    void theActionsSectionIsSafeByDefaultAndReadsNestedSections() throws Exception {
        ReclaimerConfig defaults = ConfigLoader.load(null, Map.of());
        assertThat(defaults.actions().hasPolicies()).isFalse();
        assertThat(defaults.actions().dryRun()).isFalse();
        assertThat(defaults.actions().approvalTtl()).isEqualTo(Duration.ofHours(72));
        assertThat(defaults.actions().slack().port()).isEqualTo(3000);
        assertThat(defaults.actions().policyReloadInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.actions().slack().apiUrl()).isEqualTo("https://slack.com/api/");
        assertThat(defaults.actions().slack().mode()).isEqualTo("http");

        Path file = write("""
                actions:
                  policyDirectory: policies/library
                  dryRun: true
                  approvalTtl: 48h
                  policyReloadInterval: 10s
                  slack:
                    channel: "#finops-approvals"
                    port: 3100
                    mode: socket
                    appTokenFile: /run/secrets/slack-app-token
                  kubernetes:
                    contexts: {prod-eu: arn-prod-eu}
                  aws:
                    endpointOverride: http://localhost:4566
                    snapshotPollInterval: 5s
                """);
        ReclaimerConfig config = ConfigLoader.load(file, Map.of("RECLAIMER_ACTIONS_SLACK_API_URL", "http://slack.local:9000/api",
                "RECLAIMER_ACTIONS_AWS_SNAPSHOT_TIMEOUT", "30m"));
        assertThat(config.actions().policyDirectory()).isEqualTo(Path.of("policies/library"));
        assertThat(config.actions().dryRun()).isTrue();
        assertThat(config.actions().approvalTtl()).isEqualTo(Duration.ofHours(48));
        assertThat(config.actions().policyReloadInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.actions().slack().channel()).isEqualTo("#finops-approvals");
        assertThat(config.actions().slack().port()).isEqualTo(3100);
        assertThat(config.actions().slack().apiUrl()).isEqualTo("http://slack.local:9000/api/");
        assertThat(config.actions().slack().socketMode()).isTrue();
        assertThat(config.actions().slack().appTokenFile()).isEqualTo(Path.of("/run/secrets/slack-app-token"));
        assertThat(config.actions().kubernetes().contexts()).containsEntry("prod-eu", "arn-prod-eu");
        assertThat(config.actions().aws().endpointOverride()).hasToString("http://localhost:4566");
        assertThat(config.actions().aws().snapshotPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.actions().aws().snapshotTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aMisspeltNestedOptionIsNamed() throws Exception {
        Path file = write("actions:\n  slack:\n    chanel: x\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).hasMessageStartingWith(file + ":3:")
                .hasMessageContaining("unknown option \"chanel\"");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("RECLAIMER_ACTIONS_SLACK_CHANEL", "x")))
                .hasMessage("environment variable RECLAIMER_ACTIONS_SLACK_CHANEL: section actions.slack has no option CHANEL");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of())).hasMessage(missing + ": no such config file");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("reclaimer.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
