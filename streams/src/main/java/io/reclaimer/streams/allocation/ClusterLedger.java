package io.reclaimer.streams.allocation;

import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per cluster: its nodes' capacity and the capacity's history, the newest hour with charges, the invoice
 * of each day, what changed since the last publication, and what was last published (so only changes go
 * out, and lines that leave the window are tombstoned). The hourly charges live in a second store, one
 * entry per cluster-hour, and what was last published in a third.
 *
 * @param newestHour newest hour with charges (epoch hours), -1 before the first
 * @param account    the AWS account the cluster's invoice lines are billed to (null until one arrives)
 * @param discountFactor the effective discount the published figures were computed with (null: list prices)
 */
public record ClusterLedger(Map<String, Capacity> nodes, CapacityTimeline capacity, long newestHour,
                            Set<LocalDate> dirtyDays, boolean dirtyWindow, Map<LocalDate, Invoice> invoices,
                            @io.reclaimer.model.serde.AddedLater("issue 16: the cluster account, null when unknown") String account,
                            @io.reclaimer.model.serde.AddedLater("issue 16: the effective discount, null when unknown") Double discountFactor) {

    public static final ClusterLedger EMPTY = new ClusterLedger(Map.of(), CapacityTimeline.EMPTY, -1, Set.of(), false,
            Map.of(), null, null);

    /**
     * What was last published for a cluster, kept apart from the ledger because it is large and only
     * changes when something is published, while the ledger changes with every charge.
     */
    public record Publication(Map<String, CostAllocation> lines, Map<LocalDate, CostReconciliation> reconciliations) {
        public static final Publication NONE = new Publication(Map.of(), Map.of());

        public Publication {
            lines = lines == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(lines));
            reconciliations = reconciliations == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new TreeMap<>(reconciliations));
        }
    }

    /** What Cost Explorer says one day of the cluster cost, and whether that may still change. */
    public record Invoice(double amountUsd, boolean estimated) {
    }

    public ClusterLedger {
        nodes = nodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
        capacity = capacity == null ? CapacityTimeline.EMPTY : capacity;
        dirtyDays = dirtyDays == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(dirtyDays));
        invoices = invoices == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(invoices));
    }

    /** The same ledger with other counters and sets, keeping its account and discount. */
    ClusterLedger with(Map<String, Capacity> nodes, CapacityTimeline capacity, long newestHour, Set<LocalDate> dirtyDays,
                       boolean dirtyWindow, Map<LocalDate, Invoice> invoices) {
        return new ClusterLedger(nodes, capacity, newestHour, dirtyDays, dirtyWindow, invoices, account, discountFactor);
    }

    boolean dirty() {
        return dirtyWindow || !dirtyDays.isEmpty();
    }

    Capacity totalCapacity() {
        Capacity total = Capacity.NONE;
        for (Capacity c : nodes.values()) {
            total = total.plus(c);
        }
        return total;
    }
}
