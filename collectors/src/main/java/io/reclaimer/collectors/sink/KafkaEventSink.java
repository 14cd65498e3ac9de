package io.reclaimer.collectors.sink;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.TopicSpec;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to Kafka through an idempotent producer with {@code acks=all}: a broker restart or a retried send
 * neither loses nor duplicates samples. Delivery errors that survive the producer's own retries are
 * remembered and rethrown on the next {@link #flush()}, so a collector cannot believe it delivered what it
 * did not.
 */
public final class KafkaEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

    private final Producer<byte[], byte[]> producer;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    public KafkaEventSink(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    public static KafkaEventSink connect(KafkaClientSettings kafka, String clientId, Map<String, Object> overrides) {
        return new KafkaEventSink(new KafkaProducer<>(producerConfig(kafka, clientId, overrides),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** The reliable, batching producer settings every collector uses. */
    public static Map<String, Object> producerConfig(KafkaClientSettings kafka, String clientId,
                                                     Map<String, Object> overrides) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(overrides);
        return config;
    }

    @Override
    public <V> void emit(TopicSpec<String, V> topic, String key, V value) {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException("an earlier send to Kafka failed: " + failure.getMessage(), failure);
        }
        byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] valueBytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), keyBytes, valueBytes), (metadata, error) -> {
            if (error != null && firstFailure.compareAndSet(null, error)) {
                LOG.error("send to {} failed: {}", topic.name(), error.getMessage());
            }
        });
        sent.incrementAndGet();
    }

    @Override
    public void flush() {
        producer.flush();
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException("sending to Kafka failed: " + failure.getMessage(), failure);
        }
    }

    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
