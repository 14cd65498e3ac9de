package io.reclaimer.streams.rightsizing.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The rules of the {@code default} strategy, one by one (docs/rightsizing.md, "Why default works"). */
class DefaultStrategyTest {

    static final RightsizingConfig CONFIG = RightsizingConfig.DEFAULTS;
    static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long DAY = 24 * 60 * MINUTE;
    static final long MIB = 1L << 20;
    static final Duration IDLE = CONFIG.podIdleTimeout();

    private final Strategy strategy = Strategy.of("default", CONFIG);
    private final RightsizingStateCodec codec = new RightsizingStateCodec(CONFIG.aggregations(), CONFIG.dailyPeakDays());

    /** Days of 5-minute samples; {@code spikeOnDay} gives the memory of the noon sample of each day. */
    private RightsizingState days(int days, double cpu, IntFunction<Long> noonMemoryOfDay) {
        RightsizingState state = codec.newState();
        for (int day = 0; day < days; day++) {
            for (int minute = 0; minute < 24 * 60; minute += 5) {
                long memory = minute == 12 * 60 ? noonMemoryOfDay.apply(day) : 1000 * MIB;
                state.addSample("pod-1", START + day * DAY + minute * MINUTE, cpu, memory, IDLE);
            }
        }
        return state;
    }

    @Test
    void aOneOffMemorySpikeIsForgottenAfterTwoDays() {
        RightsizingState state = days(6, 0.2, day -> day == 2 ? 4000 * MIB : 1000 * MIB);
        assertThat(strategy.targets(state).memoryBytes()).isLessThan(2000 * MIB);
    }

    @Test
    void aPeakThatKeepsComingBackStaysCoveredBetweenItsOccurrences() {
        // every third day (a batch): on day 8 the last one was 2 days ago, one period is 3 days, so it is due again
        RightsizingState state = days(9, 0.2, day -> day % 3 == 0 ? 4000 * MIB : 1000 * MIB);
        assertThat(strategy.targets(state).memoryBytes()).isGreaterThanOrEqualTo(4000 * MIB);
    }

    @Test
    void aPatternThatStoppedIsForgottenAfterThreeOfItsPeriods() {
        // two big days in a row (a period of one day), then none: VPA's decaying histogram forgets them within days;
        // a rule keeping whatever was reached on 2 of the last 10 days would keep them until day 12
        RightsizingState stopped = days(7, 0.2, day -> day == 1 || day == 2 ? 4000 * MIB : 1000 * MIB);
        assertThat(strategy.targets(stopped).memoryBytes()).isLessThan(2000 * MIB);
        // one day earlier the last occurrence was exactly three periods old: still covered
        RightsizingState due = days(6, 0.2, day -> day == 1 || day == 2 ? 4000 * MIB : 1000 * MIB);
        assertThat(strategy.targets(due).memoryBytes()).isGreaterThanOrEqualTo(4000 * MIB);
        // with the due rule off, the window decides
        RightsizingConfig windowOnly = CONFIG.with("defaultMemoryPeakDue", 0.0);
        assertThat(Strategy.of("default", windowOnly).targets(stopped).memoryBytes()).isGreaterThanOrEqualTo(4000 * MIB);
    }

    @Test
    void theMemoryMarginIsLearnedFromHowFarTheContainersPeaksJumped() {
        RightsizingState steady = days(10, 0.2, day -> 1000 * MIB);
        // a peak 25% above the two days before it, every third day: it recurs (covered), and it jumped three times
        RightsizingState jumpy = days(10, 0.2, day -> (day % 3 == 0 ? 1250 : 1000) * MIB);
        // steady: no rise, the least fraction (4%), no deviation. Jumpy: the third largest rise is 25%, kept to the
        // most fraction (10%), plus two standard deviations of its peaks (about 250 MiB), capped at 128 MiB
        assertThat(strategy.targets(steady).memoryBytes()).isEqualTo(1040 * MIB);
        assertThat(strategy.targets(jumpy).memoryBytes()).isEqualTo(1250 * MIB + 125 * MIB + 128 * MIB);
        RightsizingConfig uncapped = CONFIG.with("defaultMemoryVolatilityMarginMaxBytes", 1L << 40)
                .with("defaultMemoryMarginMaxFraction", 0.5);
        assertThat(Strategy.of("default", uncapped).targets(jumpy).memoryBytes())
                .isBetween(1250 * MIB + 312 * MIB + 200 * MIB, 1250 * MIB + 313 * MIB + 300 * MIB);
    }

    @Test
    void peaksThatAlternateWithoutRisingAboveTheRecentOnesGetTheLeastFractionAndTheDeviation() {
        // 1300 MiB every other day: always within the last two days, so no day rose above what was covered
        RightsizingState alternating = days(10, 0.2, day -> (day % 2 == 0 ? 1300 : 1000) * MIB);
        assertThat(strategy.targets(alternating).memoryBytes()).isEqualTo(1300 * MIB + 52 * MIB + 128 * MIB);
    }

    @Test
    void withoutTwoDaysOfPeaksTheMarginIsTheMostFraction() {
        RightsizingState firstDay = days(1, 0.2, day -> 1000 * MIB);
        assertThat(strategy.targets(firstDay).memoryBytes()).isEqualTo(1100 * MIB);
    }

    @Test
    void theCpuTargetNeverExceedsTheHighestCpuOfTheWeek() {
        // on/off: a quarter of the time at 3.9 cores, the rest idle; p95 + 6% would be above anything ever used
        RightsizingState state = codec.newState();
        for (int minute = 0; minute < 8 * 24 * 60; minute += 5) {
            double cpu = (minute / 60) % 4 == 0 ? 3.9 : 0.01;
            state.addSample("pod-1", START + minute * MINUTE, cpu, 1000 * MIB, IDLE);
        }
        assertThat(strategy.targets(state).cpuMillicores()).isEqualTo(3900);
    }

    @Test
    void anIdleContainerGetsTheCpuFloor() {
        RightsizingState state = days(3, 0.002, day -> 100 * MIB);
        assertThat(strategy.targets(state).cpuMillicores()).isEqualTo(25);
    }

    @Test
    void everyKnobCanBeChangedByNameForSweeps() {
        RightsizingConfig wider = CONFIG.with("defaultMemoryMarginFraction", 0.2);
        assertThat(wider.defaultMemoryMarginFraction()).isEqualTo(0.2);
        assertThat(wider.defaultCpuMarginFraction()).isEqualTo(CONFIG.defaultCpuMarginFraction());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CONFIG.with("defaultMemoryMarginFraction", -1.0))
                .hasMessageContaining("defaultMemoryMarginFraction must be a finite number >= 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CONFIG.with("noSuchKnob", 1.0))
                .hasMessageContaining("no rightsizing option 'noSuchKnob'");
    }
}
