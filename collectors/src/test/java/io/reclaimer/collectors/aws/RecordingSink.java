package io.reclaimer.collectors.aws;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.TopicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps what a collector emitted, in order, like a topic would (null value = tombstone). */
public final class RecordingSink implements EventSink {

    public record Emitted(String topic, String key, Object value) {
    }

    private final List<Emitted> emitted = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized <V> void emit(TopicSpec<String, V> topic, String key, V value) {
        emitted.add(new Emitted(topic.name(), key, value));
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public void close() {
    }

    public synchronized List<Emitted> all() {
        return List.copyOf(emitted);
    }

    public synchronized void clear() {
        emitted.clear();
    }

    /** The latest value per key of one topic, as compaction would keep it (tombstoned keys removed). */
    @SuppressWarnings("unchecked")
    public synchronized <V> Map<String, V> latest(TopicSpec<String, V> topic) {
        Map<String, V> latest = new LinkedHashMap<>();
        for (Emitted e : emitted) {
            if (e.topic().equals(topic.name())) {
                if (e.value() == null) {
                    latest.remove(e.key());
                } else {
                    latest.put(e.key(), (V) e.value());
                }
            }
        }
        return latest;
    }

    public synchronized List<String> tombstones(TopicSpec<String, ?> topic) {
        return emitted.stream().filter(e -> e.topic().equals(topic.name()) && e.value() == null).map(Emitted::key).toList();
    }

    public synchronized int flushes() {
        return flushes;
    }
}
