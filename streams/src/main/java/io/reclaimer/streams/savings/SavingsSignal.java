package io.reclaimer.streams.savings;

import io.reclaimer.model.costs.CostReconciliation;
import java.time.Instant;

/**
 * A change to a cluster's savings history, on the cluster's partition ({@code verified-savings-by-cluster}): an
 * executed action ({@code executedAt} and its request's estimate; {@code executedAt} null: it no longer counts,
 * rolled back or reverted), or one reconciliation day. Internal.
 */
record SavingsSignal(String actionId, Instant executedAt, double estimatedMonthlyUsd, CostReconciliation day) {

    static SavingsSignal executed(String actionId, Instant at, double estimatedMonthlyUsd) {
        return new SavingsSignal(actionId, at, estimatedMonthlyUsd, null);
    }

    static SavingsSignal withdrawn(String actionId) {
        return new SavingsSignal(actionId, null, 0, null);
    }

    static SavingsSignal day(CostReconciliation day) {
        return new SavingsSignal(null, null, 0, day);
    }
}
