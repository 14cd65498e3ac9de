package io.reclaimer.streams.allocation;

import io.reclaimer.model.costs.CostAllocation;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per cluster: its nodes' capacity and the capacity's history, the newest hour with charges, what changed
 * since the last publication, and what was last published (so only changes go out, and lines that leave the
 * window are tombstoned). The hourly charges live in a second store, one entry per cluster-hour.
 *
 * @param newestHour newest hour with charges (epoch hours), -1 before the first
 */
public record ClusterLedger(Map<String, Capacity> nodes, CapacityTimeline capacity, long newestHour,
                            Set<LocalDate> dirtyDays, boolean dirtyWindow, Map<String, CostAllocation> published,
                            Map<LocalDate, OpenCostAllocator.DailyEstimate> estimates) {

    public static final ClusterLedger EMPTY = new ClusterLedger(Map.of(), CapacityTimeline.EMPTY, -1, Set.of(), false,
            Map.of(), Map.of());

    public ClusterLedger {
        nodes = nodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
        capacity = capacity == null ? CapacityTimeline.EMPTY : capacity;
        dirtyDays = dirtyDays == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(dirtyDays));
        published = published == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(published));
        estimates = estimates == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(estimates));
    }

    boolean dirty() {
        return dirtyWindow || !dirtyDays.isEmpty();
    }

    Capacity totalCapacity() {
        int count = 0;
        double cores = 0;
        double gib = 0;
        double cpu = 0;
        double mem = 0;
        for (Capacity c : nodes.values()) {
            count += c.nodes();
            cores += c.cpuCores();
            gib += c.memoryGib();
            cpu += c.cpuUsdPerHour();
            mem += c.memoryUsdPerHour();
        }
        return new Capacity(count, cores, gib, cpu, mem);
    }
}
