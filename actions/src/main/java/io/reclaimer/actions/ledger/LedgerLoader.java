package io.reclaimer.actions.ledger;

import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
 * Rebuilds the ledger from the action topics, committed records only: requests first, then decisions,
 * results and the Slack message references from the audit log. Runs at start-up before anything acts, so
 * an intent without its result is seen and reconciled instead of repeated. Unreadable records are skipped
 * with a warning (they were dead-lettered, if ever, by whoever consumed them live).
 */
public final class LedgerLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerLoader.class);

    private LedgerLoader() {
    }

    public static ActionLedger load(String bootstrapServers, Topics topics, Duration timeout) {
        ActionLedger ledger = new ActionLedger();
        long start = System.nanoTime();
        int requests = read(bootstrapServers, topics.actionRequests(), timeout, ledger::apply);
        int decisions = read(bootstrapServers, topics.actionDecisions(), timeout, ledger::apply);
        int results = read(bootstrapServers, topics.actionResults(), timeout, ledger::apply);
        int audit = read(bootstrapServers, topics.audit(), timeout, ledger::apply);
        LOG.info("action ledger rebuilt from Kafka in {} ms: {} actions ({} requests, {} decisions, {} results, {} audit events)",
                (System.nanoTime() - start) / 1_000_000, ledger.size(), requests, decisions, results, audit);
        return ledger;
    }

    static <V> int read(String bootstrapServers, TopicSpec<String, V> topic, Duration timeout, Consumer<V> sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reclaimer-actions-ledger-" + UUID.randomUUID().toString().substring(0, 8));
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), timeout)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic.name() + " to its end after " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        sink.accept(topic.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                        count++;
                    } catch (RuntimeException e) {
                        LOG.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
        }
        return count;
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
