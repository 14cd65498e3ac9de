package io.reclaimer.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class SharedKafkaIT {

    @Test
    void aRecordSentToTheRealBrokerIsReadBackFromItsNamespacedTopic(KafkaTestCluster kafka) {
        Topics topics = kafka.createTopics("roundtrip");
        UsageSample sample = new UsageSample(new ContainerRef("c1", "ns", "Deployment", "web", "app"), "web-1",
                Instant.parse("2026-11-01T00:00:00Z"), 0.5, 1_000_000);

        kafka.send(topics.usageSamples(), sample.container().key(), sample);

        var records = kafka.readAtLeast(topics.usageSamples(), 1, Duration.ofSeconds(30));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("c1/ns/Deployment/web/app");
            assertThat(r.value()).isEqualTo(sample);
        });
        assertThat(topics.usageSamples().name()).startsWith("it-roundtrip-");
    }

    @Test
    void everyTestGetsItsOwnTopics(KafkaTestCluster kafka) {
        assertThat(kafka.createTopics("a").findings().name()).isNotEqualTo(kafka.createTopics("a").findings().name());
    }
}
