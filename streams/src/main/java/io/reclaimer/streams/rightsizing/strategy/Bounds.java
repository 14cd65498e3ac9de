package io.reclaimer.streams.rightsizing.strategy;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.Confidence;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;

/**
 * Lower and upper bounds for strategies that only produce a target: the target scaled by VPA's confidence
 * multipliers ({@code (1 + 0.001/c)^-2} below, {@code 1 + 1/c} above), so every strategy's bounds narrow with
 * history the same way VPA's do.
 */
final class Bounds {

    private Bounds() {
    }

    static RecommendedResources around(long cpuTarget, long memoryTarget, AggregateContainerState state,
                                       RightsizingConfig vpa) {
        double cpuConfidence = Confidence.of(state, vpa.confidenceIntervalCpu());
        double memoryConfidence = Confidence.of(state, vpa.confidenceIntervalMemory());
        return new RecommendedResources(cpuTarget, memoryTarget,
                ResourceAmounts.scale(cpuTarget, Confidence.multiplier(0.001, -2.0, cpuConfidence)),
                ResourceAmounts.scale(memoryTarget, Confidence.multiplier(0.001, -2.0, memoryConfidence)),
                ResourceAmounts.scale(cpuTarget, Confidence.multiplier(1.0, 1.0, cpuConfidence)),
                ResourceAmounts.scale(memoryTarget, Confidence.multiplier(1.0, 1.0, memoryConfidence)));
    }
}
