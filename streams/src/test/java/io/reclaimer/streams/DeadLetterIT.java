package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.deadletter.DeadLetter;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.intake.ClusterIntake;
import io.reclaimer.streams.intake.UsageIntake;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaExtension.class)
class DeadLetterIT {

    @Test
    void aMalformedRecordLandsInTheDeadLetterTopicWithItsReasonWhileGoodRecordsStillFlow(
            KafkaTestCluster kafka, @TempDir Path stateDir) {
        Topics topics = kafka.createTopics("dead-letters");
        AnalysisConfig config = AnalysisConfig.DEFAULTS.withStateDir(stateDir).withApplicationId("dlq-it-" + topics.namespace());
        try (AnalysisService service = new AnalysisService(AnalysisTopology.build(topics, List.of(new UsageIntake())),
                AnalysisService.properties(kafka.client(), topics, config, Map.of()))) {
            service.start();

            ContainerRef container = new ContainerRef("prod", "shop", "Deployment", "web", "app");
            kafka.send(topics.usageSamples(), container.key(), sample(container, "2026-11-01T10:00:00Z"));
            kafka.send(topics.usageSamples().name(), container.key().getBytes(StandardCharsets.UTF_8),
                    "{\"schema\":\"usage-sample/v1\",\"container\":null}".getBytes(StandardCharsets.UTF_8));
            kafka.send(topics.usageSamples(), container.key(), sample(container, "2026-11-01T10:01:00Z"));

            DeadLetter letter = kafka.readAtLeast(topics.deadLetters(), 1, Duration.ofSeconds(60)).get(0).value();
            assertThat(letter.sourceTopic()).isEqualTo(topics.usageSamples().name());
            assertThat(letter.sourcePartition()).isBetween(0, Topics.CONTAINER_PARTITIONS - 1);
            assertThat(letter.sourceOffset()).isEqualTo(1);
            assertThat(letter.stage()).isEqualTo(config.applicationId());
            assertThat(letter.reason()).isEqualTo("malformed UsageSample: Missing creator property 'pod' (index 1) (at $.pod)");
            assertThat(letter.key()).isEqualTo(container.key());

            await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> assertThat(
                    UsageIntake.totals(service.store(UsageIntake.STORE, QueryableStoreTypes.keyValueStore())))
                    .containsEntry("prod", new ClusterIntake(2, Instant.parse("2026-11-01T10:01:00Z"))));
        }
    }

    private static UsageSample sample(ContainerRef container, String at) {
        return new UsageSample(container, "web-1", Instant.parse(at), 0.2, 100_000_000);
    }
}
