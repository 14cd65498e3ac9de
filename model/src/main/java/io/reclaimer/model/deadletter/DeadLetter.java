package io.reclaimer.model.deadletter;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;

/**
 * A record that could not be read, with everything needed to find, understand and replay it: where it
 * came from, which stage refused it and why, and the original bytes ({@code value} as UTF-8 text when it
 * is valid UTF-8, base64 otherwise, as {@code valueEncoding} says). Keyed by the original key.
 */
@JsonTypeName("dead-letter/v1")
public record DeadLetter(String sourceTopic, int sourcePartition, long sourceOffset, String stage, String reason,
                         String errorClass, String key, String value, String valueEncoding, Instant failedAt)
        implements Event {

    public DeadLetter {
        Require.text(sourceTopic, "sourceTopic");
        Require.nonNegative(sourcePartition, "sourcePartition");
        Require.text(stage, "stage");
        Require.text(reason, "reason");
        errorClass = errorClass == null ? "" : errorClass;
        key = key == null ? "" : key;
        value = value == null ? "" : value;
        Require.text(valueEncoding, "valueEncoding");
        Require.present(failedAt, "failedAt");
    }
}
