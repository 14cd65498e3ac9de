package io.reclaimer.streams.rightsizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import io.reclaimer.streams.rightsizing.state.WorkloadFacts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The what-if of a live container, estimated from its state: what it can say, and how. */
class WhatIfEstimatorTest {

    static final RightsizingConfig CONFIG = RightsizingConfig.DEFAULTS;
    static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long DAY = 24 * 60 * MINUTE;
    static final long MIB = 1L << 20;
    static final Duration IDLE = CONFIG.podIdleTimeout();

    private final RightsizingStateCodec codec = new RightsizingStateCodec(CONFIG.aggregations(), CONFIG.dailyPeakDays());

    /** Days of 5-minute samples alternating between two CPU levels; {@code noonMemory} is each day's peak. */
    private RightsizingState days(int days, double lowCpu, double highCpu, IntFunction<Long> noonMemory) {
        RightsizingState state = codec.newState();
        for (int day = 0; day < days; day++) {
            for (int minute = 0; minute < 24 * 60; minute += 5) {
                long memory = minute == 12 * 60 ? noonMemory.apply(day) : 500 * MIB;
                double cpu = (minute / 5) % 2 == 0 ? lowCpu : highCpu;
                state.addSample("pod-1", START + day * DAY + minute * MINUTE, cpu, memory, IDLE);
            }
        }
        return state;
    }

    @Test
    void theCpuShareAboveAndTheThrottlingComeFromTheHistogram() {
        RightsizingState state = days(3, 0.1, 0.4, day -> 600 * MIB);

        WhatIfEstimate half = WhatIfEstimator.estimate(state, 0.2, 1L << 30).orElseThrow();
        // half the samples at 0.4 cores: above a 0.2 proposal, each throttled 1 - 0.2/0.4 of its time
        assertThat(half.cpuAbovePercent()).isCloseTo(50, within(1.0));
        assertThat(half.cpuThrottledPercent()).isCloseTo(25, within(1.5));

        WhatIfEstimate roomy = WhatIfEstimator.estimate(state, 0.5, 1L << 30).orElseThrow();
        assertThat(roomy.cpuAbovePercent()).isZero();
        assertThat(roomy.cpuThrottledPercent()).isZero();

        WhatIfEstimate starved = WhatIfEstimator.estimate(state, 0.05, 1L << 30).orElseThrow();
        assertThat(starved.cpuAbovePercent()).isCloseTo(100, within(1e-6));
    }

    @Test
    void memoryCountsTheDaysWhosePeakWasAboveOrWithinFivePercentBelow() {
        // peaks of 1000, 980, 900 and 1100 MiB, then 600 MiB: against 1000 MiB one day above, two within 5% below
        long[] peaks = {1000, 980, 900, 1100, 600};
        RightsizingState state = days(peaks.length, 0.1, 0.1, day -> peaks[day] * MIB);

        WhatIfEstimate estimate = WhatIfEstimator.estimate(state, 1.0, 1000 * MIB).orElseThrow();

        assertThat(estimate.memoryDays()).isEqualTo(5);
        assertThat(estimate.memoryDaysAbove()).isEqualTo(1);
        assertThat(estimate.memoryDaysWithin5Percent()).isEqualTo(2);
        // the worst day is the one furthest above the proposal, with its date and its peaks
        assertThat(estimate.worstDay()).isEqualTo(new WhatIfEstimate.Day(LocalDate.of(2026, 11, 4), 0.1, 1100 * MIB));
        assertThat(estimate.asOf()).isEqualTo(Instant.ofEpochMilli(START + 4 * DAY + (24 * 60 - 5) * MINUTE));
    }

    @Test
    void savingsArePricedAsTheRecommendationPricesThem() {
        RightsizingState state = days(2, 0.1, 0.2, day -> 600 * MIB);
        state.facts(new WorkloadFacts(1.0, 2048 * MIB, 3, 0.04, 0.005, false, false, 1));

        WhatIfEstimate estimate = WhatIfEstimator.estimate(state, 0.25, 1024 * MIB).orElseThrow();

        // (0.75 core × $0.04 + 1 GiB × $0.005) × 3 replicas × 730 h
        assertThat(estimate.monthlySavingsUsd()).isEqualTo(76.65);
        state.facts(WorkloadFacts.UNKNOWN);
        assertThat(WhatIfEstimator.estimate(state, 0.25, 1024 * MIB).orElseThrow().monthlySavingsUsd()).isNull();
    }

    @Test
    void aContainerWithoutUsageHasNoEstimateAndAProposalMustBePositive() {
        assertThat(WhatIfEstimator.estimate(codec.newState(), 1, 1)).isEmpty();
        RightsizingState state = days(1, 0.1, 0.1, day -> 600 * MIB);
        assertThatThrownBy(() -> WhatIfEstimator.estimate(state, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> WhatIfEstimator.estimate(state, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRecommendationCarriesTheEstimateOfItsOwnTargets() {
        RightsizingState state = days(4, 0.1, 0.4, day -> (700 + 50L * day) * MIB);
        Recommendations recommendations = new Recommendations(CONFIG, io.reclaimer.streams.rightsizing.strategy.Strategy.of(CONFIG));

        var rec = recommendations.build(io.reclaimer.model.ContainerRef.parse("c/ns/Deployment/w/app"), state,
                java.util.Map.of(), java.util.Map.of()).orElseThrow();

        assertThat(rec.whatIf()).isEqualTo(WhatIfEstimator.estimate(state, rec.cpu().targetCores(),
                rec.memory().targetBytes()).orElseThrow());
        assertThat(rec.whatIf().memoryDaysAbove()).isZero();
    }
}
