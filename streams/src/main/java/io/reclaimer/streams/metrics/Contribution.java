package io.reclaimer.streams.metrics;

import io.reclaimer.model.rightsizing.Recommendation;
import java.nio.ByteBuffer;

/**
 * What one container's current recommendation adds to the exported aggregates: its monthly savings and its
 * requests and targets per pod. Stored per container (41 bytes) so that a new recommendation can subtract the one it
 * replaces without decoding JSON, and so that a task's totals are rebuilt quickly when it is assigned. NaN stands for
 * unknown (no request set, no savings computable).
 */
public record Contribution(double savingsUsd, double cpuRequestCores, double cpuTargetCores, double memoryRequestBytes,
                           double memoryTargetBytes) {

    private static final byte VERSION = 1;

    public static Contribution of(Recommendation r) {
        return new Contribution(r.monthlySavingsUsd() == null ? Double.NaN : r.monthlySavingsUsd(),
                r.cpu().requestCores() == null ? Double.NaN : r.cpu().requestCores(), r.cpu().targetCores(),
                r.memory().requestBytes() == null ? Double.NaN : r.memory().requestBytes(), r.memory().targetBytes());
    }

    /** Savings for ranking: unknown or negative savings rank last. */
    public double rank() {
        return Double.isNaN(savingsUsd) ? Double.NEGATIVE_INFINITY : savingsUsd;
    }

    public byte[] encode() {
        return ByteBuffer.allocate(41).put(VERSION).putDouble(savingsUsd).putDouble(cpuRequestCores)
                .putDouble(cpuTargetCores).putDouble(memoryRequestBytes).putDouble(memoryTargetBytes).array();
    }

    /** The stored form; null for null or an unknown version (that container is then counted afresh). */
    public static Contribution decode(byte[] bytes) {
        if (bytes == null || bytes.length != 41 || bytes[0] != VERSION) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, 40);
        return new Contribution(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
    }
}
