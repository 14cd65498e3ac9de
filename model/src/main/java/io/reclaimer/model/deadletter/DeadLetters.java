package io.reclaimer.model.deadletter;

import io.reclaimer.model.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds dead letters the same way for Kafka Streams and for plain consumers. */
final class DeadLetters {

    private static final AtomicLong WRITTEN = new AtomicLong();

    private DeadLetters() {
    }

    public static DeadLetter describe(String stage, String topic, int partition, long offset, byte[] key, byte[] value,
                                      Throwable error, Instant now) {
        String text = utf8OrNull(value);
        return new DeadLetter(topic, partition, offset, stage, reason(error), error.getClass().getName(),
                key == null ? "" : textOrBase64(key), text != null ? text : base64(value),
                text != null ? "utf-8" : "base64", now);
    }

    /** Counts one dead letter written by a Kafka Streams handler of this JVM. */
    static void counted() {
        WRITTEN.incrementAndGet();
    }

    /** Dead letters written by every Kafka Streams handler of this JVM since start-up (unreadable and unprocessable). */
    public static long count() {
        return WRITTEN.get();
    }

    /** The record to produce on the dead-letter topic: original key, the dead letter as value. */
    public static ProducerRecord<byte[], byte[]> toRecord(Topics topics, DeadLetter letter, byte[] originalKey) {
        String topic = topics.deadLetters().name();
        return new ProducerRecord<>(topic, null, originalKey,
                topics.deadLetters().valueSerde().serializer().serialize(topic, letter));
    }

    /** The innermost useful message: serde exceptions wrap the reason the record was refused. */
    public static String reason(Throwable error) {
        String message = error.getMessage();
        Throwable cause = error.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            return reason(cause);
        }
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private static String textOrBase64(byte[] bytes) {
        String text = utf8OrNull(bytes);
        return text != null ? text : "base64:" + base64(bytes);
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? "" : Base64.getEncoder().encodeToString(bytes);
    }

    private static String utf8OrNull(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
