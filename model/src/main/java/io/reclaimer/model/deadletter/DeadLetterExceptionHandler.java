package io.reclaimer.model.deadletter;

import io.reclaimer.model.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' hook for records that fail to deserialize or validate: write a {@link DeadLetter} with the
 * reason and source topic/partition/offset, and carry on with the next record. Under exactly-once the dead
 * letter is produced in the same transaction as the task's other output, so it is neither lost nor doubled.
 * Configure with {@link StreamsConfig#DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG} and pass the catalog
 * namespace as {@link Topics#NAMESPACE_CONFIG}.
 */
public class DeadLetterExceptionHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private DeadLetterDestination destination = DeadLetterDestination.DEFAULT;

    /** Streams hands over its whole config: the stage is the application id, the catalog namespace ours. */
    @Override
    public void configure(Map<String, ?> configs) {
        destination = DeadLetterDestination.of(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        DeadLetter letter = DeadLetters.describe(destination.stage(), record.topic(), record.partition(), record.offset(),
                record.key(), record.value(), exception, Instant.now());
        LOG.warn("dead letter from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), letter.reason());
        DeadLetters.counted();
        return Response.resume(List.of(DeadLetters.toRecord(destination.topics(), letter, record.key())));
    }

    /**
     * Dead letters written by every Streams instance of this JVM since start-up, for the health metrics: records
     * that could not be read and records whose processing failed ({@link DeadLetterProcessingHandler}).
     */
    public static long count() {
        return DeadLetters.count();
    }
}
