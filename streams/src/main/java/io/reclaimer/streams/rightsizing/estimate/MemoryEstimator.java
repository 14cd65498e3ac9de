package io.reclaimer.streams.rightsizing.estimate;

import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import java.time.Duration;

/** Predicts the memory, in bytes, a container needs (VPA's {@code MemoryEstimator} and its decorators). */
@FunctionalInterface
interface MemoryEstimator {

    long memoryBytes(AggregateContainerState state);

    static MemoryEstimator percentile(double percentile) {
        return s -> ResourceAmounts.memoryAmountFromBytes(s.memoryPeaks().percentile(percentile));
    }

    static MemoryEstimator constant(long bytes) {
        return s -> bytes;
    }

    default MemoryEstimator withMargin(double marginFraction) {
        return s -> {
            long base = memoryBytes(s);
            return base + ResourceAmounts.scale(base, marginFraction);
        };
    }

    default MemoryEstimator withConfidenceMultiplier(double multiplier, double exponent, Duration confidenceInterval) {
        return s -> ResourceAmounts.scale(memoryBytes(s),
                Confidence.multiplier(multiplier, exponent, Confidence.of(s, confidenceInterval)));
    }

    default MemoryEstimator withMinResource(long minBytes) {
        return s -> Math.max(memoryBytes(s), minBytes);
    }
}
