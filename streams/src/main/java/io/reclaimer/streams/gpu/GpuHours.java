package io.reclaimer.streams.gpu;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A container's GPU utilisation per clock hour (epoch hours) over a trailing window: the sum and count of its
 * samples' utilisation, so each hour's average is known. Pure; stored as JSON per container key.
 */
record GpuHours(Map<Long, double[]> hours) {

    GpuHours {
        hours = hours == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(hours));
    }

    public static final GpuHours EMPTY = new GpuHours(Map.of());

    /** With one more sample, hours older than {@code windowHours} before the newest dropped. */
    public GpuHours with(long hour, double utilization, int windowHours) {
        TreeMap<Long, double[]> next = new TreeMap<>();
        hours.forEach((h, v) -> next.put(h, v.clone()));
        next.computeIfAbsent(hour, h -> new double[2]);
        next.get(hour)[0] += utilization;
        next.get(hour)[1] += 1;
        long newest = next.lastKey();
        next.headMap(newest - windowHours + 1).clear();
        return new GpuHours(next);
    }

    /** Hours of the window that have samples. */
    public int coveredHours() {
        return hours.size();
    }

    /** The busiest hour's average utilisation. */
    public double peakHourlyUtilization() {
        return hours.values().stream().mapToDouble(v -> v[0] / v[1]).max().orElse(0);
    }

    public double averageUtilization() {
        double sum = 0;
        double count = 0;
        for (double[] v : hours.values()) {
            sum += v[0];
            count += v[1];
        }
        return count == 0 ? 0 : sum / count;
    }

    public long firstHour() {
        return ((NavigableMap<Long, double[]>) new TreeMap<>(hours)).firstKey();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GpuHours other) || other.hours.size() != hours.size()) {
            return false;
        }
        for (Map.Entry<Long, double[]> e : hours.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), other.hours.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hours.keySet().hashCode();
    }
}
