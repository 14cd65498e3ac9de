package io.reclaimer.model.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.reclaimer.model.InvalidEventException;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one event type (or a sealed family of them). Null bytes are tombstones and read as null.
 * A record that is not valid JSON, has the wrong schema name or version, or breaks the record's invariants
 * fails with a {@link SerializationException} whose message is the reason that goes to the dead-letter topic.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonSerde(Class<T> type) {
        this.type = type;
        this.reader = Json.mapper().readerFor(type);
        this.writer = Json.mapper().writerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return reader.readValue(data);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof InvalidEventException ? cause.getMessage() : e.getOriginalMessage();
            throw new SerializationException("invalid " + type.getSimpleName() + ": " + reason, e);
        } catch (IOException e) {
            throw new SerializationException("malformed " + type.getSimpleName() + ": " + describe(e), e);
        }
    }

    /** Jackson's message without its advice about feature flags, plus where in the document it happened. */
    private static String describe(IOException e) {
        if (!(e instanceof JsonProcessingException jpe)) {
            return e.getMessage();
        }
        String message = jpe.getOriginalMessage();
        int advice = message.indexOf("; `");
        if (advice > 0) {
            message = message.substring(0, advice);
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder("$");
            for (JsonMappingException.Reference ref : jme.getPath()) {
                path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
            }
            message += " (at " + path + ")";
        }
        return message;
    }

    /** Reads a value outside Kafka (files, stdin) with the same strictness. */
    public T read(byte[] data) {
        return deserialize(null, data);
    }

    public String writeString(T value) {
        byte[] bytes = serialize(null, value);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the event type fixes the format
    }

    @Override
    public void close() {
        // stateless
    }
}
