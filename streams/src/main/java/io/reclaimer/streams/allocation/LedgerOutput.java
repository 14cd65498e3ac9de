package io.reclaimer.streams.allocation;

import io.reclaimer.model.costs.CostAllocation;

/** What the ledger publishes: an allocation line (null: the line left the window) or a daily estimate. */
record LedgerOutput(CostAllocation allocation, OpenCostAllocator.DailyEstimate estimate) {

    boolean isEstimate() {
        return estimate != null;
    }
}
