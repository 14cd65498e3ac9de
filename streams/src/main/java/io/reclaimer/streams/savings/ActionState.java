package io.reclaimer.streams.savings;

import java.time.Instant;

/**
 * What the savings verification keeps of one action (keyed by action id): the request's cluster and estimate
 * (null until the request is read; results and requests are two topics and may arrive in either order), when it
 * was first executed, and whether it was undone since (rolled back, or reverted outside Reclaimer). Internal.
 */
record ActionState(String cluster, Double estimatedMonthlyUsd, Instant executedAt, boolean undone) {

    static final ActionState NONE = new ActionState(null, null, null, false);

    /** Counts for the cluster's bill: a Kubernetes target's executed request that stands. */
    boolean counts() {
        return cluster != null && !cluster.isEmpty() && estimatedMonthlyUsd != null && executedAt != null && !undone;
    }
}
