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
