package io.reclaimer.streams.rightsizing.estimate;

import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import java.time.Duration;

/**
 * How much the history supports a recommendation, VPA's {@code getConfidence}: the smaller of the history
 * length (last − first sample) and the sample count normalised to one sample a minute, both in units of
 * the confidence interval (a day by default). A steady stream of one sample a minute over N days gives N.
 */
public final class Confidence {

    private Confidence() {
    }

    public static double of(AggregateContainerState state, Duration interval) {
        return of(state.firstSampleStart(), state.lastSampleStart(), state.totalSamplesCount(), interval);
    }

    public static double of(long firstSampleMillis, long lastSampleMillis, long samples, Duration interval) {
        long intervalMillis = interval.toMillis();
        double lifespan = firstSampleMillis == AggregateContainerState.NO_TIME ? 0.0
                : (double) (lastSampleMillis - firstSampleMillis) / intervalMillis;
        double samplesAmount = samples / (intervalMillis / 60_000.0);
        return Math.min(lifespan, samplesAmount);
    }

    /** {@code (1 + multiplier / confidence)^exponent}: +∞ or 0 without history, depending on the sign. */
    public static double multiplier(double multiplier, double exponent, double confidence) {
        return StrictMath.pow(1. + multiplier / confidence, exponent);
    }

    /**
     * Confidence on the [0, 1] scale of {@code Recommendation.confidence}: {@code c / (1 + c)}, which is the
     * reciprocal of VPA's upper-bound multiplier {@code 1 + 1/c} (a day of history: 0.5, a week: 0.875).
     */
    public static double normalized(double confidence) {
        if (!(confidence > 0)) {
            return 0.0;
        }
        return confidence / (1.0 + confidence);
    }
}
