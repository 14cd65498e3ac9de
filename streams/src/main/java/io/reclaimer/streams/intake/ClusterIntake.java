package io.reclaimer.streams.intake;

import java.time.Instant;

/** How much usage one cluster has sent (on the partitions one task owns) and how recent the newest sample is. */
public record ClusterIntake(long samples, Instant lastSampleAt) {

    public ClusterIntake plus(ClusterIntake other) {
        return new ClusterIntake(samples + other.samples,
                lastSampleAt.isAfter(other.lastSampleAt) ? lastSampleAt : other.lastSampleAt);
    }
}
