package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.deadletter.DeadLetter;
import io.reclaimer.model.deadletter.DeadLetterExceptionHandler;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.intake.ClusterIntake;
import io.reclaimer.streams.intake.UsageIntake;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class UsageIntakeTest {

    private final Topics topics = Topics.defaults();

    @Test
    void countsSamplesPerClusterAndKeepsTheNewestTimestamp() {
        try (TopologyTestDriver driver = new TopologyTestDriver(UsageIntake.build(topics), props())) {
            TestInputTopic<String, UsageSample> usage = driver.createInputTopic(topics.usageSamples().name(),
                    topics.usageSamples().keySerde().serializer(), topics.usageSamples().valueSerde().serializer());
            for (UsageSample sample : java.util.List.of(sample("eu", "2026-11-01T10:00:00Z"),
                    sample("eu", "2026-11-01T10:05:00Z"), sample("us", "2026-11-01T09:00:00Z"))) {
                usage.pipeInput(sample.container().key(), sample);
            }

            var totals = UsageIntake.totals(driver.getKeyValueStore(UsageIntake.STORE));
            assertThat(totals).containsEntry("eu", new ClusterIntake(2, Instant.parse("2026-11-01T10:05:00Z")))
                    .containsEntry("us", new ClusterIntake(1, Instant.parse("2026-11-01T09:00:00Z")));
        }
    }

    @Test
    void aMalformedSampleBecomesADeadLetterAndTheNextSampleStillCounts() {
        try (TopologyTestDriver driver = new TopologyTestDriver(UsageIntake.build(topics), props())) {
            var raw = driver.createInputTopic(topics.usageSamples().name(), new ByteArraySerializer(), new ByteArraySerializer());
            raw.pipeInput("eu/ns/Deployment/web/app".getBytes(StandardCharsets.UTF_8), "{\"schema\":\"usage-sample/v1\",\"cpuCores\":-1}"
                    .getBytes(StandardCharsets.UTF_8));
            TestInputTopic<String, UsageSample> usage = driver.createInputTopic(topics.usageSamples().name(),
                    topics.usageSamples().keySerde().serializer(), topics.usageSamples().valueSerde().serializer());
            usage.pipeInput("eu/ns/Deployment/web/app", sample("eu", "2026-11-01T10:00:00Z"));

            TestOutputTopic<String, DeadLetter> dlq = driver.createOutputTopic(topics.deadLetters().name(),
                    new StringDeserializer(), topics.deadLetters().valueSerde().deserializer());
            DeadLetter letter = dlq.readValue();
            assertThat(letter.sourceTopic()).isEqualTo(topics.usageSamples().name());
            assertThat(letter.sourceOffset()).isZero();
            assertThat(letter.reason()).startsWith("malformed UsageSample");
            assertThat(letter.value()).contains("\"cpuCores\":-1");
            assertThat(UsageIntake.totals(driver.getKeyValueStore(UsageIntake.STORE))).containsKey("eu");
        }
    }

    private static UsageSample sample(String cluster, String at) {
        return new UsageSample(new ContainerRef(cluster, "ns", "Deployment", "web", "app"), "web-1", Instant.parse(at), 0.1, 1);
    }

    @TempDir
    Path stateDir;

    private Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        // never the shared default /tmp/kafka-streams: parallel builds would trip over each other's stores
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        p.put(Topics.NAMESPACE_CONFIG, topics.namespace());
        return p;
    }
}
