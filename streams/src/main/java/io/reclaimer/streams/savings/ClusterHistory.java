package io.reclaimer.streams.savings;

import io.reclaimer.model.costs.CostReconciliation;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per cluster: its executed actions that stand (action id to execution) and its reconciliation days, as far back
 * as the verification needs them ({@link VerifiedSavingsFeature#RETENTION_DAYS}). Internal, stored as JSON.
 */
record ClusterHistory(Map<String, VerifiedSavings.Execution> executions, Map<LocalDate, CostReconciliation> days) {

    static final ClusterHistory EMPTY = new ClusterHistory(Map.of(), Map.of());

    ClusterHistory {
        executions = executions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(executions));
        days = days == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(days));
    }
}
