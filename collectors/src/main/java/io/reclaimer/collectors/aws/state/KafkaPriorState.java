package io.reclaimer.collectors.aws.state;

import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted billing and inventory topics from the beginning to their current end, without a
 * consumer group (nothing is committed: every start-up reads the whole, compacted, history).
 */
public final class KafkaPriorState implements PriorState {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPriorState.class);

    private final Map<String, BillingLine> billingLines = new HashMap<>();
    private final Set<String> liveInventoryKeys = new HashSet<>();

    private KafkaPriorState() {
    }

    public static KafkaPriorState read(String bootstrapServers, Topics topics, Map<String, Object> overrides,
                                       Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "reclaimer-aws-collector-state");
        config.putAll(overrides);
        KafkaPriorState state = new KafkaPriorState();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            readToEnd(consumer, topics.billingLines(), timeout, (key, value) -> {
                if (value == null) {
                    state.billingLines.remove(key);
                    return;
                }
                try {
                    state.billingLines.put(key, topics.billingLines().valueSerde().deserializer()
                            .deserialize(topics.billingLines().name(), value));
                } catch (RuntimeException e) {
                    // only costs one more Cost Explorer request; the streams stage dead-letters the record
                    LOG.warn("ignoring unreadable billing line {}: {}", key, e.getMessage());
                }
            });
            readToEnd(consumer, topics.cloudInventory(), timeout, (key, value) -> {
                if (value == null) {
                    state.liveInventoryKeys.remove(key);
                } else {
                    state.liveInventoryKeys.add(key);
                }
            });
        }
        LOG.info("read {} billing lines and {} live inventory keys from Kafka", state.billingLines.size(),
                state.liveInventoryKeys.size());
        return state;
    }

    private static void readToEnd(KafkaConsumer<String, byte[]> consumer, TopicSpec<String, ?> topic, Duration timeout,
                                  BiConsumer<String, byte[]> onRecord) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic.name(), timeout)) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!end.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " reading " + topic.name()
                        + " to its end; still behind on " + end.keySet());
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                onRecord.accept(record.key(), record.value());
            }
            end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
        }
        consumer.unsubscribe();
    }

    @Override
    public Collection<BillingLine> billingLines() {
        return List.copyOf(billingLines.values());
    }

    @Override
    public Set<String> liveInventoryKeys() {
        return Set.copyOf(liveInventoryKeys);
    }
}
