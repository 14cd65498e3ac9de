package io.reclaimer.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.usage.UsageSample;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The usage-sample topic's serde with a fast read path: the busiest topic's records are read with Jackson's streaming
 * parser instead of data binding (a hand-written byte reader was measured a few percent faster and dropped: JSON is
 * Jackson's job). The contract is unchanged: the fast path accepts only the canonical
 * form that {@code usage-sample/v1} writers produce (each property once, a UTC timestamp {@code
 * yyyy-MM-ddTHH:mm:ss[.fraction]Z}); anything else, valid or not, goes through the strict {@link JsonSerde}, so
 * a record is accepted, rejected and explained exactly as before.
 */
final class UsageSampleSerde implements Serde<UsageSample>, Deserializer<UsageSample> {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String SCHEMA = "usage-sample/v1";

    private final JsonSerde<UsageSample> strict;

    public UsageSampleSerde(JsonSerde<UsageSample> strict) {
        this.strict = strict;
    }

    @Override
    public UsageSample deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        UsageSample sample = fast(data);
        return sample != null ? sample : strict.deserialize(topic, data);
    }

    /** The sample, or null when the record is not in canonical form (the strict path decides then). */
    static UsageSample fast(byte[] data) {
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String schema = null;
            ContainerRef container = null;
            String pod = null;
            Instant timestamp = null;
            double cpu = Double.NaN;
            long memory = -1;
            int seen = 0;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int bit;
                switch (name) {
                    case "schema" -> {
                        bit = 1;
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        schema = p.getText();
                    }
                    case "container" -> {
                        bit = 2;
                        container = container(p, value);
                        if (container == null) {
                            return null;
                        }
                    }
                    case "pod" -> {
                        bit = 4;
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        pod = p.getText();
                    }
                    case "timestamp" -> {
                        bit = 8;
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        timestamp = instant(p.getText());
                        if (timestamp == null) {
                            return null;
                        }
                    }
                    case "cpuCores" -> {
                        bit = 16;
                        if (value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_NUMBER_INT) {
                            return null;
                        }
                        cpu = p.getDoubleValue();
                    }
                    case "memoryWorkingSetBytes" -> {
                        bit = 32;
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                                && p.getNumberType() != JsonParser.NumberType.LONG) {
                            return null;
                        }
                        memory = p.getLongValue();
                    }
                    default -> {
                        return null;
                    }
                }
                if ((seen & bit) != 0) {
                    return null;
                }
                seen |= bit;
            }
            if (token != JsonToken.END_OBJECT || seen != 63 || p.nextToken() != null || !SCHEMA.equals(schema)) {
                return null;
            }
            return new UsageSample(container, pod, timestamp, cpu, memory);
        } catch (IOException | InvalidEventException | ArithmeticException e) {
            return null;
        }
    }

    private static ContainerRef container(JsonParser p, JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            return null;
        }
        String[] parts = new String[5];
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            int index = switch (p.currentName()) {
                case "cluster" -> 0;
                case "namespace" -> 1;
                case "workloadKind" -> 2;
                case "workloadName" -> 3;
                case "container" -> 4;
                default -> -1;
            };
            if (index < 0 || p.nextToken() != JsonToken.VALUE_STRING || parts[index] != null) {
                return null;
            }
            parts[index] = p.getText();
        }
        if (token != JsonToken.END_OBJECT) {
            return null;
        }
        for (String part : parts) {
            if (part == null) {
                return null;
            }
        }
        return new ContainerRef(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} only; null for every other form (the strict path judges those). */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, fraction);
            if (nanos < 0) {
                return null; // before scaling: ×10 of the non-digit marker would overflow into a valid-looking value
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        // a non-digit makes its field negative (digits): every field is range-checked, both ends
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59
                || nanos < 0 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1_000_000_000;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the event type fixes the format
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public Serializer<UsageSample> serializer() {
        return strict.serializer();
    }

    @Override
    public Deserializer<UsageSample> deserializer() {
        return this;
    }
}
