package io.reclaimer.model.deadletter;

import io.reclaimer.model.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' hook for a record whose <em>processing</em> throws (a poison pill that deserialized fine: an
 * identity a processor cannot use, a value no rule expected): write a {@link DeadLetter} with the reason, the
 * processor and the source topic/partition/offset and the source record's original bytes, and go on with the next
 * record. Without it the stream thread dies, is replaced, re-reads the same record and dies again: the partition
 * stalls for good. Under exactly-once the dead letter is produced in the task's transaction, like the task's output.
 *
 * <p>A punctuation that throws has no record to replay: it is logged and the punctuation is skipped until its next
 * turn. Configure with {@link StreamsConfig#PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG} and pass the catalog
 * namespace as {@link Topics#NAMESPACE_CONFIG}.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetterDestination destination = DeadLetterDestination.DEFAULT;

    @Override
    public void configure(Map<String, ?> configs) {
        destination = DeadLetterDestination.of(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (record == null || context.topic() == null || context.partition() < 0) {
            LOG.error("punctuation of {} in task {} failed; skipped until its next turn", context.processorNodeId(),
                    context.taskId(), exception);
            return Response.resume();
        }
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        DeadLetter letter = DeadLetters.describe(destination.stage() + "/" + context.processorNodeId(), context.topic(),
                context.partition(), context.offset(), key, value, exception, Instant.now());
        LOG.warn("dead letter from {}-{}@{} (processing in {}): {}", context.topic(), context.partition(),
                context.offset(), context.processorNodeId(), letter.reason(), exception);
        DeadLetters.counted();
        return Response.resume(List.of(DeadLetters.toRecord(destination.topics(), letter, key)));
    }
}
