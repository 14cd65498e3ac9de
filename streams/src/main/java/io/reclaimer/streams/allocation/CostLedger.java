package io.reclaimer.streams.allocation;

import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keeps each cluster's charges per hour and its capacity, and publishes the allocation window and the daily
 * estimates that changed. Charges are stored as they come, in any order (the usage partitions feeding a
 * cluster progress at different speeds, days apart while history is replayed), so the results converge to
 * the same figures whatever the arrival order. What is published is computed from event time only; the
 * wall clock only paces how often changed clusters are re-published ({@code allocation.emitIntervalSeconds}),
 * so a cluster's window is recomputed once per interval rather than once per container-hour.
 */
final class CostLedger implements Processor<String, LedgerSignal, String, LedgerOutput> {

    static final String CLUSTERS_STORE = "cost-ledger-clusters";
    static final String HOURS_STORE = "cost-ledger-hours";
    private static final AtomicLong LATE = new AtomicLong();

    private final WasteConfig.Allocation config;
    private ProcessorContext<String, LedgerOutput> context;
    private KeyValueStore<String, ClusterLedger> clusters;
    private KeyValueStore<String, HourCharges> hours;

    CostLedger(WasteConfig.Allocation config) {
        this.config = config;
    }

    /** Charges that arrived for hours already past the retention, in this JVM since start-up. */
    static long lateCharges() {
        return LATE.get();
    }

    @Override
    public void init(ProcessorContext<String, LedgerOutput> context) {
        this.context = context;
        this.clusters = context.getStateStore(CLUSTERS_STORE);
        this.hours = context.getStateStore(HOURS_STORE);
        context.schedule(config.emitInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publishChanged());
    }

    @Override
    public void process(Record<String, LedgerSignal> record) {
        LedgerSignal signal = record.value();
        if (signal == null) {
            return;
        }
        String cluster = record.key();
        ClusterLedger current = clusters.get(cluster);
        ClusterLedger ledger = current == null ? ClusterLedger.EMPTY : current;
        ClusterLedger next = signal.isCharge() ? charge(cluster, ledger, signal) : node(ledger, signal);
        if (next != null && !next.equals(current)) {
            clusters.put(cluster, next);
        }
    }

    private ClusterLedger charge(String cluster, ClusterLedger ledger, LedgerSignal signal) {
        long hour = signal.hour();
        if (ledger.newestHour() >= 0 && hour < ledger.newestHour() - config.retentionHours()) {
            LATE.incrementAndGet();
            return null;
        }
        String hourKey = hourKey(cluster, hour);
        HourCharges existing = hours.get(hourKey);
        hours.put(hourKey, (existing == null ? HourCharges.EMPTY : existing).with(signal.containerKey(), signal.charge()));

        long newest = Math.max(ledger.newestHour(), hour);
        Set<LocalDate> dirtyDays = new HashSet<>(ledger.dirtyDays());
        dirtyDays.add(dayOf(hour));
        if (newest > ledger.newestHour() && ledger.newestHour() >= 0) {
            // the previous newest hour is complete now and counts for its day
            dirtyDays.add(dayOf(ledger.newestHour()));
            prune(cluster, newest - config.retentionHours());
        }
        return new ClusterLedger(ledger.nodes(), ledger.capacity().prunedBefore(newest - config.retentionHours()), newest,
                dirtyDays, true, ledger.published(), ledger.estimates());
    }

    private ClusterLedger node(ClusterLedger ledger, LedgerSignal signal) {
        Map<String, Capacity> nodes = new TreeMap<>(ledger.nodes());
        long effective;
        if (signal.node() == null) {
            nodes.remove(signal.nodeName());
            // a deletion carries no time of its own: it applies from the newest hour the cluster has reached
            effective = Math.max(0, ledger.newestHour());
        } else {
            nodes.put(signal.nodeName(), Capacity.of(List.of(signal.node())));
            effective = Math.floorDiv(signal.node().observedAt().getEpochSecond(), 3600);
        }
        ClusterLedger withNodes = new ClusterLedger(nodes, ledger.capacity(), ledger.newestHour(), ledger.dirtyDays(),
                ledger.dirtyWindow(), ledger.published(), ledger.estimates());
        CapacityTimeline timeline = ledger.capacity().with(effective, withNodes.totalCapacity());
        if (timeline.equals(ledger.capacity())) {
            return withNodes;
        }
        Set<LocalDate> dirtyDays = new HashSet<>(ledger.dirtyDays());
        if (ledger.newestHour() >= 0) {
            for (LocalDate d = dayOf(Math.min(effective, ledger.newestHour())); !d.isAfter(dayOf(ledger.newestHour()));
                 d = d.plusDays(1)) {
                dirtyDays.add(d);
            }
        }
        return new ClusterLedger(nodes, timeline, ledger.newestHour(), dirtyDays, true, ledger.published(),
                ledger.estimates());
    }

    private void publishChanged() {
        List<KeyValue<String, ClusterLedger>> dirty = new ArrayList<>();
        try (KeyValueIterator<String, ClusterLedger> all = clusters.all()) {
            while (all.hasNext()) {
                KeyValue<String, ClusterLedger> entry = all.next();
                if (entry.value.dirty()) {
                    dirty.add(entry);
                }
            }
        }
        for (KeyValue<String, ClusterLedger> entry : dirty) {
            clusters.put(entry.key, publish(entry.key, entry.value));
        }
    }

    private ClusterLedger publish(String cluster, ClusterLedger ledger) {
        TreeMap<Long, Collection<Charge>> charges = charges(cluster);
        long end = ledger.newestHour();
        Map<String, CostAllocation> published = ledger.published();
        if (ledger.dirtyWindow() && !ledger.capacity().isEmpty()) {
            published = new TreeMap<>();
            for (CostAllocation line : OpenCostAllocator.window(cluster, charges, ledger.capacity(), end,
                    config.windowHours(), config.shareIdle())) {
                published.put(line.key(), line);
                if (!line.equals(ledger.published().get(line.key()))) {
                    forward(line.key(), new LedgerOutput(line, null), line.windowEnd());
                }
            }
            for (String gone : ledger.published().keySet()) {
                if (!published.containsKey(gone)) {
                    forward(gone, new LedgerOutput(null, null), Instant.ofEpochSecond(end * 3600));
                }
            }
        }
        Map<LocalDate, OpenCostAllocator.DailyEstimate> estimates = new TreeMap<>(ledger.estimates());
        Set<LocalDate> stillDirty = new HashSet<>();
        for (LocalDate day : ledger.dirtyDays()) {
            if (ledger.capacity().isEmpty()) {
                stillDirty.add(day); // no node known yet: estimate once there is one
                continue;
            }
            OpenCostAllocator.DailyEstimate estimate = OpenCostAllocator.daily(cluster, day, charges, ledger.capacity(), end,
                    config.controlPlaneUsdPerHour());
            if (estimate != null && !estimate.equals(estimates.get(day))) {
                estimates.put(day, estimate);
                forward(estimate.key(), new LedgerOutput(null, estimate), estimate.computedAt());
            }
        }
        LocalDate oldest = dayOf(end - config.retentionHours());
        estimates.keySet().removeIf(d -> d.isBefore(oldest));
        return new ClusterLedger(ledger.nodes(), ledger.capacity(), ledger.newestHour(), stillDirty,
                ledger.dirtyWindow() && ledger.capacity().isEmpty(), published, estimates);
    }

    private void forward(String key, LedgerOutput output, Instant eventTime) {
        context.forward(new Record<>(key, output, eventTime.toEpochMilli()));
    }

    private TreeMap<Long, Collection<Charge>> charges(String cluster) {
        TreeMap<Long, Collection<Charge>> byHour = new TreeMap<>();
        try (KeyValueIterator<String, HourCharges> range = hours.range(hourKey(cluster, 0), hourKey(cluster, MAX_HOUR))) {
            while (range.hasNext()) {
                KeyValue<String, HourCharges> entry = range.next();
                byHour.put(hourOfKey(entry.key), entry.value.charges().values());
            }
        }
        return byHour;
    }

    private void prune(String cluster, long before) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, HourCharges> range = hours.range(hourKey(cluster, 0), hourKey(cluster, before - 1))) {
            while (range.hasNext()) {
                old.add(range.next().key);
            }
        }
        old.forEach(hours::delete);
    }

    private static final long MAX_HOUR = 999_999_999_999L;

    static String hourKey(String cluster, long hour) {
        return cluster + '|' + String.format("%012d", Math.max(0, hour));
    }

    private static long hourOfKey(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
    }

    private static LocalDate dayOf(long hour) {
        return Instant.ofEpochSecond(hour * 3600).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The allocation lines currently published, across every cluster of a (composite) store view. */
    static List<CostAllocation> published(ReadOnlyKeyValueStore<String, ClusterLedger> store) {
        List<CostAllocation> lines = new ArrayList<>();
        try (KeyValueIterator<String, ClusterLedger> all = store.all()) {
            while (all.hasNext()) {
                lines.addAll(all.next().value.published().values());
            }
        }
        return lines;
    }

}
