package io.reclaimer.streams.rightsizing.offline;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What would have happened had a container run with a proposed request: its recorded history is replayed against
 * the proposal. Pure: rows in, a {@link Report} out.
 *
 * <ul>
 *   <li>the share of samples above the proposed CPU, and of memory readings above the proposed memory (a memory
 *       reading of 0 is unknown and is not counted, as everywhere in rightsizing);</li>
 *   <li>memory readings within 5% below the proposal: the OOM risk a little more usage would turn into a kill;</li>
 *   <li>the worst UTC day: the one with the most samples above (CPU or memory);</li>
 *   <li>the estimated CPU throttling time, if the CPU limit were the proposed request: for a sample above, the
 *       share {@code 1 − proposal/usage} of its interval (CFS hands out the proposal's quota and throttles the rest of
 *       each period), the interval being the time to the pod's next sample, at most the container's median interval
 *       (a monitoring gap is not counted as throttled);</li>
 *   <li>the monthly savings against the current requests (the rows' latest), for the replicas reporting in the last
 *       hour of the history, when prices are given.</li>
 * </ul>
 */
public final class WhatIf {

    static final double NEAR_OOM_FRACTION = 0.05;
    private static final long HOUR_MILLIS = 3_600_000L;

    private WhatIf() {
    }

    /** The busiest day above the proposal. */
    public record Day(LocalDate date, long samples, long cpuAbove, long memoryAbove, double cpuPeakCores, long memoryPeakBytes) {
    }

    public record Report(ContainerRef container, double cpuCores, long memoryBytes, long samples, long memoryReadings,
                         double firstDays, double cpuAbovePercent, double memoryAbovePercent,
                         double memoryWithin5PercentPercent, Day worstDay, double cpuThrottledHours,
                         double cpuThrottledPercent, Double currentCpuCores, Long currentMemoryBytes, int replicas,
                         Double monthlySavingsUsd) {
    }

    /** Replays {@code rows} (any order; only those of {@code container} count) against the proposal. */
    public static Report replay(ContainerRef container, List<UsageCsv.Row> rows, double cpuCores, long memoryBytes,
                                UnitPrices prices) {
        if (!(cpuCores > 0) || memoryBytes <= 0) {
            throw new IllegalArgumentException("the proposed CPU and memory must be > 0, were " + cpuCores + " cores and "
                    + memoryBytes + " bytes");
        }
        List<UsageCsv.Row> history = new ArrayList<>(rows.stream().filter(r -> r.container().equals(container)).toList());
        if (history.isEmpty()) {
            throw new IllegalArgumentException("no samples of " + container.key() + " in the input");
        }
        history.sort(Comparator.comparingLong(UsageCsv.Row::timestampMillis).thenComparingLong(UsageCsv.Row::line));
        long median = medianInterval(history);
        Map<String, Long> nextOfPod = new HashMap<>();
        long[] next = new long[history.size()];
        for (int i = history.size() - 1; i >= 0; i--) {
            UsageCsv.Row row = history.get(i);
            next[i] = nextOfPod.getOrDefault(row.pod(), Long.MIN_VALUE);
            nextOfPod.put(row.pod(), row.timestampMillis());
        }
        long samples = 0;
        long cpuAbove = 0;
        long memoryReadings = 0;
        long memoryAbove = 0;
        long nearOom = 0;
        double throttledMillis = 0;
        Map<LocalDate, long[]> days = new TreeMap<>();
        Map<LocalDate, double[]> peaks = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            UsageCsv.Row row = history.get(i);
            LocalDate day = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(row.timestampMillis()), ZoneOffset.UTC);
            long[] counts = days.computeIfAbsent(day, d -> new long[3]);
            double[] peak = peaks.computeIfAbsent(day, d -> new double[2]);
            samples++;
            counts[0]++;
            peak[0] = Math.max(peak[0], row.cpuCores());
            peak[1] = Math.max(peak[1], row.memoryBytes());
            if (row.cpuCores() > cpuCores) {
                cpuAbove++;
                counts[1]++;
                long interval = next[i] == Long.MIN_VALUE ? median : Math.min(median, next[i] - row.timestampMillis());
                throttledMillis += interval * (1 - cpuCores / row.cpuCores());
            }
            if (row.memoryBytes() > 0) {
                memoryReadings++;
                if (row.memoryBytes() > memoryBytes) {
                    memoryAbove++;
                    counts[2]++;
                } else if (row.memoryBytes() >= memoryBytes * (1 - NEAR_OOM_FRACTION)) {
                    nearOom++;
                }
            }
        }
        Day worst = null;
        for (Map.Entry<LocalDate, long[]> day : days.entrySet()) {
            long[] c = day.getValue();
            if (c[1] + c[2] > 0 && (worst == null || c[1] + c[2] > worst.cpuAbove() + worst.memoryAbove())) {
                double[] peak = peaks.get(day.getKey());
                worst = new Day(day.getKey(), c[0], c[1], c[2], peak[0], (long) peak[1]);
            }
        }
        long first = history.get(0).timestampMillis();
        long last = history.get(history.size() - 1).timestampMillis();
        double observedMillis = Math.max(median, last - first + median);
        UsageCsv.Row newest = history.get(history.size() - 1);
        Double currentCpu = null;
        Long currentMemory = null;
        for (UsageCsv.Row row : history) {
            currentCpu = row.cpuRequestCores() != null ? row.cpuRequestCores() : currentCpu;
            currentMemory = row.memoryRequestBytes() != null ? row.memoryRequestBytes() : currentMemory;
        }
        Set<String> pods = new HashSet<>();
        history.stream().filter(r -> r.timestampMillis() > newest.timestampMillis() - HOUR_MILLIS).forEach(r -> pods.add(r.pod()));
        int replicas = Math.max(1, pods.size());
        return new Report(container, cpuCores, memoryBytes, samples, memoryReadings, (last - first) / 86_400_000.0,
                percent(cpuAbove, samples), percent(memoryAbove, memoryReadings), percent(nearOom, memoryReadings), worst,
                throttledMillis / HOUR_MILLIS, 100 * throttledMillis / observedMillis, currentCpu, currentMemory, replicas,
                savings(currentCpu, currentMemory, cpuCores, memoryBytes, replicas, prices));
    }

    static Double savings(Double currentCpu, Long currentMemory, double cpuCores, long memoryBytes, int replicas,
                          UnitPrices prices) {
        if (prices == null || (currentCpu == null && currentMemory == null)) {
            return null;
        }
        double hourly = 0;
        if (currentCpu != null) {
            hourly += (currentCpu - cpuCores) * prices.cpuUsdPerCoreHour();
        }
        if (currentMemory != null) {
            hourly += (currentMemory - memoryBytes) / UnitPrices.BYTES_PER_GIB * prices.memoryUsdPerGibHour();
        }
        return Math.round(hourly * replicas * UnitPrices.HOURS_PER_MONTH * 100) / 100.0;
    }

    private static long medianInterval(List<UsageCsv.Row> history) {
        Map<String, Long> lastOfPod = new HashMap<>();
        List<Long> intervals = new ArrayList<>();
        for (UsageCsv.Row row : history) {
            Long previous = lastOfPod.put(row.pod(), row.timestampMillis());
            if (previous != null && row.timestampMillis() > previous) {
                intervals.add(row.timestampMillis() - previous);
            }
        }
        if (intervals.isEmpty()) {
            return 60_000L; // one sample per pod: assume the collectors' one minute
        }
        intervals.sort(null);
        return intervals.get(intervals.size() / 2);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
