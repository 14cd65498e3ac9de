package io.reclaimer.collectors.aws;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.agent.AgentStateSink;
import io.reclaimer.collectors.aws.state.KafkaPriorState;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The collector through the idempotent Kafka sink into the real broker, then a restarted collector that
 * only knows what the compacted topics hold: it tombstones the volume deleted in between and asks Cost
 * Explorer only for the day that was still estimated.
 */
@ExtendWith(KafkaExtension.class)
class AwsCollectorKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String VOL_KEPT = "aws/123456789012/us-east-1/vol-0aaaaaaaaaaaaaaa1";
    private static final String VOL_DELETED = "aws/123456789012/us-east-1/vol-0bbbbbbbbbbbbbbb2";

    @Test
    void streamsInventoryAndBillingIntoKafkaAndResumesFromTheCompactedTopicsAfterARestart(KafkaTestCluster kafka)
            throws Exception {
        Topics topics = kafka.createTopics("aws-collector");
        try (AwsReplayServer aws = AwsReplayServer.fromClasspath("aws/restart")) {
            AwsCollectorConfig config = new AwsCollectorConfig(List.of(ReplayConfigs.account(ACCOUNT)), List.of("us-east-1"),
                    aws.endpoint(), null, new AwsCollectorConfig.Billing(null, null, 3, null, null, null),
                    ReplayConfigs.fastRetry(), Duration.ofSeconds(5));

            run(kafka, topics, config);

            Map<String, CloudResource> inventory = latest(kafka.readAtLeast(topics.cloudInventory(), 2, TIMEOUT));
            assertThat(inventory).containsOnlyKeys(VOL_KEPT, VOL_DELETED);
            assertThat(((EbsVolume) inventory.get(VOL_DELETED)).sizeGib()).isEqualTo(50);
            Map<String, BillingLine> billing = latest(kafka.readAtLeast(topics.billingLines(), 6, TIMEOUT));
            assertThat(billing).hasSize(6);
            assertThat(billing.get("aws/123456789012/2025-11-19/UnblendedCost/service:Amazon Elastic Compute Cloud - Compute"))
                    .satisfies(line -> {
                        assertThat(line.estimated()).isTrue();
                        assertThat(line.amount()).isEqualTo(21.7325);
                    });

            // restart: a new collector, seeded from Kafka only
            run(kafka, topics, config);

            List<ConsumerRecord<String, CloudResource>> records = kafka.readUntil(topics.cloudInventory(),
                    rs -> rs.stream().anyMatch(r -> r.key().equals(VOL_DELETED) && r.value() == null), TIMEOUT);
            assertThat(latest(records)).containsOnlyKeys(VOL_KEPT);
            Map<String, BillingLine> after = latest(kafka.readUntil(topics.billingLines(), rs -> rs.size() >= 8, TIMEOUT));
            assertThat(after.values()).hasSize(6).noneMatch(BillingLine::estimated);

            ObjectMapper json = new ObjectMapper();
            assertThat(aws.requests("ce", "GetCostAndUsage")).extracting(r -> {
                var period = json.readTree(r.body()).get("TimePeriod");
                return period.get("Start").asText() + ".." + period.get("End").asText();
            }).containsExactly("2025-11-17..2025-11-20", "2025-11-19..2025-11-20");
            assertThat(aws.unmatched()).isEmpty();
        }
    }

    private static final String AGENT = "aws-it";

    private static void run(KafkaTestCluster kafka, Topics topics, AwsCollectorConfig config) {
        // the agent's own state topic, not the fleet's topics, tells it what it published before
        kafka.createAgentState(topics, AGENT);
        KafkaPriorState prior = KafkaPriorState.of(AgentState.read(kafka.client(), topics, AGENT, TIMEOUT), topics);
        try (EventSink sink = new AgentStateSink(KafkaEventSink.connect(kafka.client(), "aws-collector-it", Map.of()),
                topics, AGENT);
             AwsCollector collector = AwsCollector.create(config, TEST_CREDENTIALS, topics, new PrometheusRegistry(),
                     prior, CLOCK)) {
            AwsCollector.Summary summary = collector.collectOnce(sink);
            assertThat(summary.errors()).isZero();
        }
    }

    private static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records) {
        Map<String, V> latest = new HashMap<>();
        for (ConsumerRecord<String, V> record : records) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), record.value());
            }
        }
        return latest;
    }
}
