package io.reclaimer.streams.allocation;

import io.reclaimer.streams.Checks;
import java.time.Duration;

/**
 * The {@code waste.allocation} section: OpenCost-style allocation and the reconciliation with Cost Explorer.
 *
 * @param shareIdle              share each hour's idle node cost out in proportion to allocated cost (default true)
 * @param teamLabel              workload label that names the owning team (default {@code team})
 * @param windowHours            complete hours the published allocation covers (default 24)
 * @param retentionHours         hours of cluster history kept for late data and re-pricing (default 192)
 * @param controlPlaneUsdPerHour EKS control plane, added to each cluster's estimate (default 0.10)
 * @param reconciliationTagKey   cost-allocation tag whose value is the cluster id (default {@code cluster})
 * @param reconciliationMetric   Cost Explorer metric compared (default {@code UnblendedCost})
 * @param emitIntervalSeconds    how often changed allocations and reconciliations are published (default 5)
 */
public record AllocationConfig(Boolean shareIdle, String teamLabel, Integer windowHours, Integer retentionHours,
                         Double controlPlaneUsdPerHour, String reconciliationTagKey, String reconciliationMetric,
                         Integer emitIntervalSeconds) {

    public static final AllocationConfig DEFAULTS = new AllocationConfig(null, null, null, null, null, null, null, null);

    public AllocationConfig {
        shareIdle = shareIdle == null || shareIdle;
        teamLabel = teamLabel == null || teamLabel.isBlank() ? "team" : teamLabel;
        windowHours = Checks.atLeast(windowHours, 24, 1, "waste.allocation.windowHours");
        retentionHours = Checks.atLeast(retentionHours, 192, 2, "waste.allocation.retentionHours");
        if (retentionHours < windowHours + 1) {
            throw new IllegalArgumentException("waste.allocation.retentionHours (" + retentionHours
                    + ") must exceed waste.allocation.windowHours (" + windowHours + ")");
        }
        controlPlaneUsdPerHour = Checks.nonNegative(controlPlaneUsdPerHour, 0.10, "waste.allocation.controlPlaneUsdPerHour");
        reconciliationTagKey = reconciliationTagKey == null || reconciliationTagKey.isBlank() ? "cluster"
                : reconciliationTagKey;
        reconciliationMetric = reconciliationMetric == null || reconciliationMetric.isBlank() ? "UnblendedCost"
                : reconciliationMetric;
        emitIntervalSeconds = Checks.atLeast(emitIntervalSeconds, 5, 1, "waste.allocation.emitIntervalSeconds");
    }

    public Duration emitInterval() {
        return Duration.ofSeconds(emitIntervalSeconds);
    }
}
