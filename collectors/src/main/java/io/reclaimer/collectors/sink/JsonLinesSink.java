package io.reclaimer.collectors.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reclaimer.model.serde.Json;
import io.reclaimer.model.topics.TopicSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One JSON object per line, {@code {"topic":..., "key":..., "value":{...}}} with exactly the bytes Kafka
 * would carry as value ({@code null} for a tombstone): for debugging collectors and for scripting with
 * {@code jq}.
 */
public final class JsonLinesSink implements EventSink {

    private final PrintStream out;

    public JsonLinesSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized <V> void emit(TopicSpec<String, V> topic, String key, V value) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("topic", topic.name());
        line.put("key", key);
        try {
            if (value == null) {
                line.putNull("value");
            } else {
                byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
                line.set("value", Json.mapper().readTree(bytes));
            }
            out.println(Json.mapper().writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print event for " + topic.name(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }

    /** Convenience for tests: the sink's output decoded as UTF-8. */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
