package io.reclaimer.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.actions.flow.FindingFeed;
import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.model.kafka.KafkaAccessException;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.intake.UsageIntake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client properties of {@code kafka.clientProperties} reach every kind of Kafka client the pipeline builds, shown
 * with Amazon MSK IAM authentication: the library's callback handler (a recording subclass) is configured by each
 * client as it is constructed. No MSK here; the SASL/SCRAM broker of SecuredPipelineIT shows the same end to end.
 */
class KafkaClientPropertiesTest {

    /** Nothing listens on port 1: the clients are built, never connected. */
    private static final String NOWHERE = "127.0.0.1:1";

    static Map<String, String> mskIam() {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "AWS_MSK_IAM",
                "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
                "sasl.client.callback.handler.class", RecordingIamCallbackHandler.class.getName());
    }

    @Test
    void mskIamPropertiesReachEveryProducerConsumerAdminAndStreamsClient(@TempDir Path state) {
        KafkaClientSettings kafka = new KafkaClientSettings(NOWHERE, mskIam());
        RecordingIamCallbackHandler.CLIENTS.clear();
        Topics topics = Topics.defaults();

        KafkaEventSink.connect(kafka, "collector-sink", Map.of()).close();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            assertThat(consumer).isNotNull();
        }
        new FindingFeed(kafka, topics, null, null, null, Duration.ofSeconds(5), Duration.ofHours(1), null).close();
        assertThatThrownBy(() -> CompactedTopicReader.readAll(kafka, topics.findings(), Duration.ofMillis(500)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> KafkaConnectionCheck.verify(kafka, List.of(), Duration.ofMillis(500)))
                .isInstanceOf(KafkaAccessException.class);
        AnalysisConfig analysis = AnalysisConfig.DEFAULTS.withStateDir(state);
        try (AnalysisService streams = new AnalysisService(AnalysisTopology.build(topics, List.of(new UsageIntake())),
                AnalysisService.properties(kafka, topics, analysis, Map.of()))) {
            assertThat(streams.state()).hasToString("CREATED");
        }

        assertThat(RecordingIamCallbackHandler.CLIENTS).allMatch(c -> c.startsWith("AWS_MSK_IAM "))
                .anyMatch(c -> c.endsWith("collector-sink"))
                .anyMatch(c -> c.contains("reclaimer-actions-feed"))
                .anyMatch(c -> c.contains("reclaimer-reader"))
                .anyMatch(c -> c.endsWith("reclaimer-connection-check"))
                .anyMatch(c -> c.contains(analysis.applicationId()) && c.contains("admin"))
                .anyMatch(c -> c.contains(analysis.applicationId()) && c.contains("consumer"));
    }

    @Test
    void configAndCommandLinePropertiesMergeAndSecretsNeverPrint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reclaimer.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrapServers: b-1.msk.example:9098
                  clientProperties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="collector" password="hunter2";
                    ssl.truststore.password: ${dir:/etc/reclaimer/kafka:truststore-password}
                """);
        ReclaimerConfig config = ConfigLoader.load(file, Map.of());
        KafkaSettings settings = config.kafka();
        assertThat(settings.clientProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(settings.toString()).doesNotContain("hunter2").contains("sasl.jaas.config=[redacted]")
                .contains("${dir:/etc/reclaimer/kafka:truststore-password}");
        KafkaClientSettings client = settings.client(settings.bootstrapServers());
        assertThat(client.toString()).doesNotContain("hunter2");
        // a ${dir:...} reference registers Kafka's own DirectoryConfigProvider
        assertThat(client.clientConfig()).containsEntry("config.providers", "dir")
                .containsEntry("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    }

    @Test
    void aSecretFromAFileIsResolvedByKafkasConfigProvider(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jaas"), "software.amazon.msk.auth.iam.IAMLoginModule required;");
        Map<String, String> properties = new java.util.HashMap<>(mskIam());
        properties.put("sasl.jaas.config", "${dir:" + dir + ":jaas}");
        RecordingIamCallbackHandler.CLIENTS.clear();
        KafkaEventSink.connect(new KafkaClientSettings(NOWHERE, properties), "from-file", Map.of()).close();
        assertThat(RecordingIamCallbackHandler.CLIENTS).containsExactly("AWS_MSK_IAM from-file");
    }

    @Test
    void bootstrapServersAreNotAClientProperty() {
        assertThatThrownBy(() -> new KafkaClientSettings("k:9092", Map.of("bootstrap.servers", "other:9092")))
                .hasMessageContaining("kafka.bootstrapServers");
    }
}
