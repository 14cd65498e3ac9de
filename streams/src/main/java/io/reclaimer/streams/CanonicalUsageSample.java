package io.reclaimer.streams;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.usage.UsageSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The byte layout {@code usage-sample/v1} writers produce, read without a JSON parser: the properties in the writer's
 * order, no whitespace, strings of printable ASCII without escapes, non-negative plain numbers. Anything else, valid
 * or not, is not this reader's to judge: it answers null and {@link UsageSampleSerde} reads the record with Jackson
 * (and then, if need be, the strict serde), so what is accepted and how a refusal is explained never changes. A
 * sample is a few hundred bytes and the busiest topic has one per container a minute: at a million containers the
 * JSON parser was a sixth of the stream thread's time.
 */
final class CanonicalUsageSample {

    private static final byte[] SCHEMA_AND_CLUSTER = ascii("{\"schema\":\"usage-sample/v1\",\"container\":{\"cluster\":\"");
    private static final byte[] NAMESPACE = ascii("\",\"namespace\":\"");
    private static final byte[] KIND = ascii("\",\"workloadKind\":\"");
    private static final byte[] NAME = ascii("\",\"workloadName\":\"");
    private static final byte[] CONTAINER = ascii("\",\"container\":\"");
    private static final byte[] POD = ascii("\"},\"pod\":\"");
    private static final byte[] TIMESTAMP = ascii("\",\"timestamp\":\"");
    private static final byte[] CPU = ascii("\",\"cpuCores\":");
    private static final byte[] MEMORY = ascii(",\"memoryWorkingSetBytes\":");

    private final byte[] data;
    private int at;

    private CanonicalUsageSample(byte[] data) {
        this.data = data;
    }

    /** The sample, or null when {@code data} is not exactly in the writers' layout (or is not a valid sample). */
    static UsageSample read(byte[] data) {
        try {
            return new CanonicalUsageSample(data).read();
        } catch (InvalidEventException | ArithmeticException e) {
            return null; // the other readers decide and explain
        }
    }

    private UsageSample read() {
        if (!literal(SCHEMA_AND_CLUSTER)) {
            return null;
        }
        String cluster = string();
        if (cluster == null || !literal(NAMESPACE)) {
            return null;
        }
        String namespace = string();
        if (namespace == null || !literal(KIND)) {
            return null;
        }
        String kind = string();
        if (kind == null || !literal(NAME)) {
            return null;
        }
        String name = string();
        if (name == null || !literal(CONTAINER)) {
            return null;
        }
        String container = string();
        if (container == null || !literal(POD)) {
            return null;
        }
        String pod = string();
        if (pod == null || !literal(TIMESTAMP)) {
            return null;
        }
        String time = string();
        if (time == null || !literal(CPU)) {
            return null;
        }
        Instant timestamp = UsageSampleSerde.instant(time);
        double cpu = decimal();
        if (timestamp == null || Double.isNaN(cpu) || !literal(MEMORY)) {
            return null;
        }
        long memory = integer();
        if (memory < 0 || at != data.length - 1 || data[at] != '}') {
            return null;
        }
        return new UsageSample(new ContainerRef(cluster, namespace, kind, name, container), pod, timestamp, cpu, memory);
    }

    private boolean literal(byte[] expected) {
        if (at + expected.length > data.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data[at + i] != expected[i]) {
                return false;
            }
        }
        at += expected.length;
        return true;
    }

    /** Up to the closing quote, which is left for the next literal; null for anything needing JSON's rules. */
    private String string() {
        int from = at;
        while (at < data.length) {
            byte b = data[at];
            if (b == '"') {
                return new String(data, from, at - from, StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20 || b == '\\' || b == 0x7F) {
                return null; // control characters, escapes and non-ASCII (negative bytes) are Jackson's
            }
            at++;
        }
        return null;
    }

    /** A JSON number without sign ({@code 0|[1-9][0-9]*}, {@code .[0-9]+}, exponent), as Jackson reads it; else NaN. */
    private double decimal() {
        int from = at;
        if (!digits()) {
            return Double.NaN;
        }
        if (at < data.length && data[at] == '.') {
            at++;
            int fraction = at;
            while (at < data.length && data[at] >= '0' && data[at] <= '9') {
                at++;
            }
            if (at == fraction) {
                return Double.NaN;
            }
        }
        if (at < data.length && (data[at] == 'E' || data[at] == 'e')) {
            at++; // Java writes doubles below 10^-3 as 1.0E-4
            if (at < data.length && (data[at] == '-' || data[at] == '+')) {
                at++;
            }
            int exponent = at;
            while (at < data.length && data[at] >= '0' && data[at] <= '9') {
                at++;
            }
            if (at == exponent) {
                return Double.NaN;
            }
        }
        if (at - from > 30) {
            return Double.NaN; // long forms: Jackson's
        }
        return Double.parseDouble(new String(data, from, at - from, StandardCharsets.ISO_8859_1));
    }

    /** {@code 0|[1-9][0-9]*} of at most 18 digits (always a long); else -1. */
    private long integer() {
        int from = at;
        if (!digits() || at - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < at; i++) {
            value = value * 10 + (data[i] - '0');
        }
        return value;
    }

    /** A JSON integer part: one zero, or digits not starting with zero. */
    private boolean digits() {
        int from = at;
        while (at < data.length && data[at] >= '0' && data[at] <= '9') {
            at++;
        }
        return at > from && !(data[from] == '0' && at - from > 1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
