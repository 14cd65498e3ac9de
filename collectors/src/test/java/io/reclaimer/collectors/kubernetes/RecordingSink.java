package io.reclaimer.collectors.kubernetes;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keeps what a collector emits, in order, for assertions. */
public final class RecordingSink implements EventSink {

    public record Emitted(String topic, String key, Object value) {
    }

    private final List<Emitted> emitted = new ArrayList<>();

    @Override
    public synchronized <V> void emit(TopicSpec<String, V> topic, String key, V value) {
        emitted.add(new Emitted(topic.name(), key, value));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    public synchronized List<Emitted> all() {
        return List.copyOf(emitted);
    }

    public synchronized <V> List<V> values(TopicSpec<String, V> topic, Class<? extends V> type) {
        return emitted.stream().filter(e -> e.topic().equals(topic.name()) && type.isInstance(e.value()))
                .map(e -> type.cast(e.value())).map(v -> (V) v).toList();
    }

    /** The latest value per key as a compacted topic would hold it; empty if the latest is a tombstone. */
    public synchronized Optional<Object> latest(TopicSpec<String, ?> topic, String key) {
        Object latest = null;
        boolean seen = false;
        for (Emitted e : emitted) {
            if (e.topic().equals(topic.name()) && e.key().equals(key)) {
                latest = e.value();
                seen = true;
            }
        }
        return seen ? Optional.ofNullable(latest) : Optional.empty();
    }

    /** Keys that got a tombstone on {@code topic}, in order, once per tombstone sent. */
    public synchronized List<String> tombstones(TopicSpec<String, ?> topic) {
        return emitted.stream().filter(e -> e.topic().equals(topic.name()) && e.value() == null)
                .map(Emitted::key).toList();
    }

    public synchronized boolean tombstoned(TopicSpec<String, ?> topic, String key) {
        boolean emittedValue = false;
        boolean tombstone = false;
        for (Emitted e : emitted) {
            if (e.topic().equals(topic.name()) && e.key().equals(key)) {
                emittedValue |= e.value() != null;
                tombstone = e.value() == null;
            }
        }
        return emittedValue && tombstone;
    }
}
