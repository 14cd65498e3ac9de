package io.reclaimer.model.topics;

import io.reclaimer.model.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the current state of a compacted topic: the latest value of every key, tombstoned keys removed,
 * committed records only. For start-up seeding (which resources did we already know?), for reports, and
 * ({@link #replay}) for rebuilding any state from a topic's whole history, such as the actions ledger.
 * Records that cannot be read are skipped with a warning: the pipeline's dead-letter handling owns them.
 */
public final class CompactedTopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicReader.class);

    private CompactedTopicReader() {
    }

    public static <V> Map<String, V> readAll(KafkaClientSettings kafka, TopicSpec<String, V> topic, Duration timeout) {
        Map<String, V> state = new LinkedHashMap<>();
        replay(kafka, topic, timeout, (key, value) -> {
            if (value == null) {
                state.remove(key);
            } else {
                state.put(key, value);
            }
        });
        return state;
    }

    /**
     * The keys whose latest record is not a tombstone, without keeping the values: what a producer seeds
     * its memory of "published" with at start-up, so it can tombstone what vanished while it was down.
     */
    public static <V> Set<String> liveKeys(KafkaClientSettings kafka, TopicSpec<String, V> topic, Duration timeout) {
        Set<String> live = new HashSet<>();
        replay(kafka, topic, timeout, (key, value) -> {
            if (value == null) {
                live.remove(key);
            } else {
                live.add(key);
            }
        });
        return live;
    }

    /**
     * Hands every committed record of {@code topic}, compacted or not, from the beginning to the end offsets
     * seen at the start, to {@code sink} in partition order: key and value, null for a tombstone. Unreadable
     * values are skipped with a warning. Returns how many values were handed over (tombstones not counted).
     */
    public static <V> int replay(KafkaClientSettings kafka, TopicSpec<String, V> topic, Duration timeout,
                                 BiConsumer<String, V> sink) {
        int[] count = {0};
        replayRecords(kafka, topic.name(), timeout, record -> {
            String key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
            if (record.value() == null) {
                sink.accept(key, null);
                return;
            }
            V value;
            try {
                value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                LOG.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return;
            }
            sink.accept(key, value);
            count[0]++;
        });
        return count[0];
    }

    /**
     * Hands every committed record of {@code topic} as it is on the broker (headers included), from the beginning to
     * the end offsets seen at the start, in partition order: for readers that must judge a record before its value.
     */
    public static void replayRecords(KafkaClientSettings kafka, String topic, Duration timeout,
                                     Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reclaimer-reader-" + UUID.randomUUID().toString().substring(0, 8));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic + " to its end after " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(record);
                }
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
