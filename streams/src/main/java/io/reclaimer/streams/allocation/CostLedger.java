package io.reclaimer.streams.allocation;

import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
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
 * Keeps each cluster's charges per hour, its capacity and its invoice lines, and publishes the allocation
 * window and the daily reconciliations that changed. Charges are stored as they come, in any order (the usage partitions feeding a
 * cluster progress at different speeds, days apart while history is replayed), so the results converge to
 * the same figures whatever the arrival order. What is published is computed from event time only; the
 * wall clock only paces how often changed clusters are re-published ({@code allocation.emitIntervalSeconds}),
 * so a cluster's window is recomputed once per interval rather than once per container-hour.
 */
final class CostLedger implements Processor<String, LedgerSignal, String, LedgerOutput> {

    static final String CLUSTERS_STORE = "cost-ledger-clusters";
    static final String HOURS_STORE = "cost-ledger-hours";
    static final String PUBLISHED_STORE = "cost-ledger-published";
    private static final AtomicLong LATE = new AtomicLong();

    private final AllocationConfig config;
    private ProcessorContext<String, LedgerOutput> context;
    private KeyValueStore<String, ClusterLedger> clusters;
    private KeyValueStore<String, HourCharges> hours;
    private KeyValueStore<String, ClusterLedger.Publication> publications;
    private io.reclaimer.streams.pricing.PriceTable prices = io.reclaimer.streams.pricing.PriceTable.none();

    CostLedger(AllocationConfig config) {
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
        this.publications = context.getStateStore(PUBLISHED_STORE);
        this.prices = io.reclaimer.streams.pricing.PriceTable.from(context);
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
        ClusterLedger next = signal.isCharge() ? charge(cluster, ledger, signal)
                : signal.isInvoice() ? invoice(ledger, signal.invoice()) : node(ledger, signal);
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
        return ledger.with(ledger.nodes(), ledger.capacity().prunedBefore(newest - config.retentionHours()), newest,
                dirtyDays, true, ledger.invoices());
    }

    private ClusterLedger invoice(ClusterLedger ledger, BillingLine line) {
        ClusterLedger.Invoice invoice = new ClusterLedger.Invoice(line.amount(), line.estimated());
        if (!line.account().equals(ledger.account())) {
            // the account the cluster is billed to: whose effective discount applies to it
            ledger = new ClusterLedger(ledger.nodes(), ledger.capacity(), ledger.newestHour(), ledger.dirtyDays(),
                    ledger.dirtyWindow(), ledger.invoices(), line.account(), ledger.discountFactor());
        }
        if (invoice.equals(ledger.invoices().get(line.date()))) {
            return ledger;
        }
        Map<LocalDate, ClusterLedger.Invoice> invoices = new TreeMap<>(ledger.invoices());
        invoices.put(line.date(), invoice);
        Set<LocalDate> dirtyDays = new HashSet<>(ledger.dirtyDays());
        dirtyDays.add(line.date());
        return ledger.with(ledger.nodes(), ledger.capacity(), ledger.newestHour(), dirtyDays, ledger.dirtyWindow(),
                invoices);
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
        ClusterLedger withNodes = ledger.with(nodes, ledger.capacity(), ledger.newestHour(), ledger.dirtyDays(),
                ledger.dirtyWindow(), ledger.invoices());
        CapacityTimeline timeline = ledger.capacity().with(effective, withNodes.totalCapacity());
        if (timeline.equals(ledger.capacity())) {
            return withNodes;
        }
        Set<LocalDate> dirtyDays = new HashSet<>(ledger.dirtyDays());
        if (ledger.newestHour() >= 0) {
            // hours before the timeline's first entry use that entry's capacity: when it changes (a node first seen
            // now, after the history of past days was published), every retained day changes, not only the days
            // from the observation on
            boolean earliestChanged = !timeline.at(Long.MIN_VALUE).equals(ledger.capacity().at(Long.MIN_VALUE));
            long from = earliestChanged ? Math.max(0, ledger.newestHour() - config.retentionHours())
                    : Math.min(effective, ledger.newestHour());
            for (LocalDate d = dayOf(from); !d.isAfter(dayOf(ledger.newestHour())); d = d.plusDays(1)) {
                dirtyDays.add(d);
            }
        }
        return ledger.with(nodes, timeline, ledger.newestHour(), dirtyDays, true, ledger.invoices());
    }

    private void publishChanged() {
        List<KeyValue<String, ClusterLedger>> dirty = new ArrayList<>();
        try (KeyValueIterator<String, ClusterLedger> all = clusters.all()) {
            while (all.hasNext()) {
                KeyValue<String, ClusterLedger> entry = all.next();
                ClusterLedger ledger = entry.value;
                if (!java.util.Objects.equals(discountFactor(ledger), ledger.discountFactor())) {
                    // the account's effective discount changed: every published figure of the cluster changes
                    ClusterLedger.Publication published = publications.get(entry.key);
                    Set<LocalDate> days = new HashSet<>(ledger.dirtyDays());
                    if (published != null) {
                        days.addAll(published.reconciliations().keySet());
                    }
                    ledger = ledger.with(ledger.nodes(), ledger.capacity(), ledger.newestHour(), days, true,
                            ledger.invoices());
                    dirty.add(KeyValue.pair(entry.key, ledger));
                } else if (ledger.dirty()) {
                    dirty.add(entry);
                }
            }
        }
        for (KeyValue<String, ClusterLedger> entry : dirty) {
            clusters.put(entry.key, publish(entry.key, entry.value));
        }
    }

    /** The cluster's account's effective discount factor, or null (list prices) when none is known. */
    private Double discountFactor(ClusterLedger ledger) {
        return prices.discountFor(ledger.account()).map(io.reclaimer.model.pricing.EffectiveDiscount::factor).orElse(null);
    }

    private ClusterLedger publish(String cluster, ClusterLedger ledger) {
        Double factor = discountFactor(ledger);
        TreeMap<Long, Collection<Charge>> charges = charges(cluster);
        long end = ledger.newestHour();
        ClusterLedger.Publication before = publications.get(cluster);
        before = before == null ? ClusterLedger.Publication.NONE : before;
        Map<String, CostAllocation> published = before.lines();
        if (ledger.dirtyWindow() && !ledger.capacity().isEmpty()) {
            published = new TreeMap<>();
            for (CostAllocation line : OpenCostAllocator.window(cluster, charges, ledger.capacity(), end,
                    config.windowHours(), config.shareIdle(), factor)) {
                published.put(line.key(), line);
                if (!line.equals(before.lines().get(line.key()))) {
                    forward(line.key(), new LedgerOutput(line, null));
                }
            }
            for (String gone : before.lines().keySet()) {
                if (!published.containsKey(gone)) {
                    forward(gone, new LedgerOutput(null, null));
                }
            }
        }
        Map<LocalDate, CostReconciliation> reconciliations = new TreeMap<>(before.reconciliations());
        Set<LocalDate> stillDirty = new HashSet<>();
        for (LocalDate day : ledger.dirtyDays()) {
            if (ledger.capacity().isEmpty()) {
                stillDirty.add(day); // no node known yet: estimate once there is one
                continue;
            }
            OpenCostAllocator.DailyEstimate estimate = OpenCostAllocator.daily(cluster, day, charges, ledger.capacity(), end,
                    config.controlPlaneUsdPerHour());
            if (estimate == null) {
                continue; // an invoice for a day without usage data: nothing to compare it with
            }
            ClusterLedger.Invoice invoice = ledger.invoices().get(day);
            CostReconciliation reconciliation = CostReconciliation.of(cluster, day, config.reconciliationTagKey(),
                    config.reconciliationMetric(), estimate.computeUsd(), estimate.controlPlaneUsd(),
                    estimate.estimatedUsd(), estimate.coveredHours(), invoice == null ? null : invoice.amountUsd(),
                    invoice == null ? null : invoice.estimated(), estimate.computedAt(), factor);
            if (!reconciliation.equals(reconciliations.get(day))) {
                reconciliations.put(day, reconciliation);
                forward(reconciliation.key(), new LedgerOutput(null, reconciliation));
            }
        }
        Map<LocalDate, ClusterLedger.Invoice> invoices = new TreeMap<>(ledger.invoices());
        if (end >= 0) {
            LocalDate oldest = dayOf(end - config.retentionHours());
            reconciliations.keySet().removeIf(d -> d.isBefore(oldest));
            invoices.keySet().removeIf(d -> d.isBefore(oldest));
        }
        ClusterLedger.Publication after = new ClusterLedger.Publication(published, reconciliations);
        if (!after.equals(before)) {
            publications.put(cluster, after);
        }
        return new ClusterLedger(ledger.nodes(), ledger.capacity(), ledger.newestHour(), stillDirty,
                ledger.dirtyWindow() && ledger.capacity().isEmpty(), invoices, ledger.account(), factor);
    }

    /**
     * Published records carry the task's stream time as their Kafka timestamp (the newest input timestamp):
     * event time is in the value, and the broker refuses timestamps far ahead of its clock.
     */
    private void forward(String key, LedgerOutput output) {
        context.forward(new Record<>(key, output, Math.max(0, context.currentStreamTimeMs())));
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

    /** The reconciliations currently published, across every cluster of a (composite) store view. */
    static List<CostReconciliation> reconciliations(ReadOnlyKeyValueStore<String, ClusterLedger.Publication> store) {
        List<CostReconciliation> out = new ArrayList<>();
        try (KeyValueIterator<String, ClusterLedger.Publication> all = store.all()) {
            while (all.hasNext()) {
                out.addAll(all.next().value.reconciliations().values());
            }
        }
        return out;
    }

    /** The allocation lines currently published, across every cluster of a (composite) store view. */
    static List<CostAllocation> published(ReadOnlyKeyValueStore<String, ClusterLedger.Publication> store) {
        List<CostAllocation> lines = new ArrayList<>();
        try (KeyValueIterator<String, ClusterLedger.Publication> all = store.all()) {
            while (all.hasNext()) {
                lines.addAll(all.next().value.lines().values());
            }
        }
        return lines;
    }

}
