package io.reclaimer.actions.ledger;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The journal on Kafka: one transaction per batch, committed with acks=all before {@link #commit} returns,
 * so an intent is on the brokers' disks before the side effect it announces. The fixed transactional id
 * fences a zombie: when a second instance starts with the same id, the first one's next write fails with
 * {@link Journal.FencedException} and it acts no more, because every side effect waits for its intent.
 */
public final class KafkaJournal implements Journal {

    private final Topics topics;
    private final RecordIntegrity integrity;
    private final KafkaProducer<byte[], byte[]> producer;

    /** Every record is signed with {@code integrity}, so the ledger can tell it from one written by anyone else. */
    public KafkaJournal(KafkaClientSettings kafka, Topics topics, String transactionalId, RecordIntegrity integrity) {
        this.topics = topics;
        this.integrity = integrity;
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "-journal");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis());
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("cannot start the action journal (transactional id " + transactionalId
                    + "): " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void commit(JournalBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            batch.requests().forEach(r -> send(topics.actionRequests(), r.actionId(), r));
            batch.decisions().forEach(d -> send(topics.actionDecisions(), d.actionId(), d));
            batch.results().forEach(r -> send(topics.actionResults(), r.actionId(), r));
            batch.audit().forEach(a -> send(topics.audit(), a.subject(), a));
            producer.commitTransaction();
        } catch (KafkaException e) {
            if (fenced(e)) {
                throw new FencedException("another actions instance took over the journal (same transactional id): "
                        + "this one stops acting", e);
            }
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // the original failure is what the caller needs to see
            }
            throw new IllegalStateException("cannot write to the action journal: " + e.getMessage(), e);
        }
    }

    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private <V> void send(TopicSpec<String, V> topic, String key, V value) {
        byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), null, keyBytes, valueBytes,
                integrity.sign(topic.name(), keyBytes, valueBytes)));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
