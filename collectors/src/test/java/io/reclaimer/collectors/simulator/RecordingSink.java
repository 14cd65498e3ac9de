package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;

/** Keeps what was emitted, serialized and read back, so every event also passes the strict contract. */
final class RecordingSink implements EventSink {

    record Emitted(String topic, String key, Object value) {
    }

    final List<Emitted> events = new ArrayList<>();

    @Override
    public <V> void emit(TopicSpec<String, V> topic, String key, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        events.add(new Emitted(topic.name(), key, topic.valueSerde().deserializer().deserialize(topic.name(), bytes)));
    }

    <T> List<T> values(Class<T> type) {
        return events.stream().map(Emitted::value).filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
