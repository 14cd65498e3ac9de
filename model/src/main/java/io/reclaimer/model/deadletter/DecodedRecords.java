package io.reclaimer.model.deadletter;

import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain-consumer counterpart of {@link DeadLetterExceptionHandler}: consume bytes, decode here, and
 * send what cannot be decoded to the dead-letter topic instead of crashing the poll loop.
 */
public final class DecodedRecords {

    private static final Logger LOG = LoggerFactory.getLogger(DecodedRecords.class);

    private final String stage;
    private final Topics topics;
    private final Producer<byte[], byte[]> deadLetterProducer;
    private final Clock clock;

    public DecodedRecords(String stage, Topics topics, Producer<byte[], byte[]> deadLetterProducer, Clock clock) {
        this.stage = stage;
        this.topics = topics;
        this.deadLetterProducer = deadLetterProducer;
        this.clock = clock;
    }

    /**
     * The decoded value; empty for a tombstone-free record that could not be read (now a dead letter).
     * A tombstone decodes to {@code Optional.empty()} too: callers that care look at the raw value.
     */
    public <T> Optional<T> decode(ConsumerRecord<byte[], byte[]> record, Deserializer<T> deserializer) {
        try {
            return Optional.ofNullable(deserializer.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            DeadLetter letter = DeadLetters.describe(stage, record.topic(), record.partition(), record.offset(),
                    record.key(), record.value(), e, clock.instant());
            LOG.warn("dead letter from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    letter.reason());
            deadLetterProducer.send(DeadLetters.toRecord(topics, letter, record.key()));
            return Optional.empty();
        }
    }
}
