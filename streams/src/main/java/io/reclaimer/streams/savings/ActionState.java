package io.reclaimer.streams.savings;

import java.time.Instant;

/**
 * What the savings verification keeps of one action (keyed by action id): the request's cluster and estimate
 * (null until the request is read; results and requests are two topics and may arrive in either order), when it
 * was first executed, whether it was undone since (rolled back, or reverted outside Reclaimer), and when it was
 * last heard of ({@code seenAt}, event time: entries older than the actions topics' retention are dropped). Internal.
 */
record ActionState(String cluster, Double estimatedMonthlyUsd, Instant executedAt, boolean undone, Instant seenAt) {

    static final ActionState NONE = new ActionState(null, null, null, false, null);

    ActionState seen(Instant at) {
        return new ActionState(cluster, estimatedMonthlyUsd, executedAt, undone,
                seenAt == null || at.isAfter(seenAt) ? at : seenAt);
    }

    /** Counts for the cluster's bill: a Kubernetes target's executed request that stands. */
    boolean counts() {
        return cluster != null && !cluster.isEmpty() && estimatedMonthlyUsd != null && executedAt != null && !undone;
    }
}
