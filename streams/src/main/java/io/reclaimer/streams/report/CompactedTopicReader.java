package io.reclaimer.streams.report;

import io.reclaimer.model.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted topic from the beginning to its current end (committed records only) and returns the
 * table it describes: the latest value per key, tombstones applied. For reports and tools, not for the
 * pipeline. Records that cannot be read are skipped with a warning: they are in the dead-letter topic's
 * business, not the report's.
 */
public final class CompactedTopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicReader.class);

    private CompactedTopicReader() {
    }

    public static <V> Map<String, V> readToEnd(String bootstrapServers, TopicSpec<String, V> topic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reclaimer-report-" + topic.name());
        Map<String, V> table = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name() + " does not exist");
            }
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // with read_committed these are the last stable offsets: everything committed so far
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + timeout + " reading " + topic.name());
                }
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    String key = topic.keySerde().deserializer().deserialize(raw.topic(), raw.key());
                    if (raw.value() == null) {
                        table.remove(key);
                        continue;
                    }
                    try {
                        table.put(key, topic.valueSerde().deserializer().deserialize(raw.topic(), raw.value()));
                    } catch (SerializationException e) {
                        LOG.warn("skipping unreadable record {}-{}@{}: {}", raw.topic(), raw.partition(), raw.offset(),
                                e.getMessage());
                    }
                }
            }
        }
        return table;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
