package io.reclaimer.collectors.sink;

import io.reclaimer.model.topics.TopicSpec;

/**
 * Where collectors put what they observe: Kafka in production, JSON lines on stdout for
 * {@code --once --output -}. A null value is a tombstone (the object is gone).
 */
public interface EventSink extends AutoCloseable {

    <V> void emit(TopicSpec<String, V> topic, String key, V value);

    /** Blocks until everything emitted so far is durably written. */
    void flush();

    @Override
    void close();
}
