package io.reclaimer.streams.rightsizing.estimate;

import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import java.time.Duration;

/** Predicts the CPU, in millicores, a container needs (VPA's {@code CPUEstimator} and its decorators). */
@FunctionalInterface
interface CpuEstimator {

    long cpuMillicores(AggregateContainerState state);

    static CpuEstimator percentile(double percentile) {
        return s -> ResourceAmounts.cpuAmountFromCores(s.cpuUsage().percentile(percentile));
    }

    static CpuEstimator constant(long millicores) {
        return s -> millicores;
    }

    /** Adds {@code marginFraction} of the base estimate. */
    default CpuEstimator withMargin(double marginFraction) {
        return s -> {
            long base = cpuMillicores(s);
            return base + ResourceAmounts.scale(base, marginFraction);
        };
    }

    /** Scales by {@code (1 + multiplier / confidence)^exponent}; see {@link Confidence}. */
    default CpuEstimator withConfidenceMultiplier(double multiplier, double exponent, Duration confidenceInterval) {
        return s -> ResourceAmounts.scale(cpuMillicores(s),
                Confidence.multiplier(multiplier, exponent, Confidence.of(s, confidenceInterval)));
    }

    /** At least {@code minMillicores}. */
    default CpuEstimator withMinResource(long minMillicores) {
        return s -> Math.max(cpuMillicores(s), minMillicores);
    }
}
