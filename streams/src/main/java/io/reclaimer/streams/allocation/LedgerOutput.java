package io.reclaimer.streams.allocation;

import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;

/** What the ledger publishes: an allocation line (both null: the line left the window) or a reconciliation. */
record LedgerOutput(CostAllocation allocation, CostReconciliation reconciliation) {

    boolean isReconciliation() {
        return reconciliation != null;
    }
}
