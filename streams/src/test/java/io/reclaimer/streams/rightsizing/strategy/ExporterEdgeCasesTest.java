package io.reclaimer.streams.rightsizing.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.ContainerState;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What real exporters send that a simulator does not: zero memory readings, monitoring gaps, late and
 * re-delivered samples (docs/rightsizing.md, "Data from real exporters"). Every strategy reads the same state,
 * so each behaviour is checked through the strategies' targets.
 */
class ExporterEdgeCasesTest {

    static final RightsizingConfig CONFIG = RightsizingConfig.DEFAULTS;
    static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final Duration IDLE = CONFIG.podIdleTimeout();

    private final RightsizingStateCodec codec = new RightsizingStateCodec(CONFIG.aggregations(), CONFIG.dailyPeakDays());

    private static Strategy.Targets targets(String strategy, RightsizingState state) {
        return Strategy.of(strategy, CONFIG).targets(state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vpa", "percentile", "default"})
    void zeroMemoryReadingsAtTheStartOfEveryDayDoNotPinTheDaysPeakAtZero(String strategy) {
        RightsizingState state = codec.newState();
        for (int day = 0; day < 10; day++) {
            for (int minute = 0; minute < 24 * 60; minute += 5) {
                long t = START + day * DAY + minute * MINUTE;
                // the exporter says 0 for the first ten minutes of every day, as a VM or pod does while it starts
                state.addSample("pod-1", t, 0.2, minute < 10 ? 0 : GIB, IDLE);
            }
        }
        assertThat(targets(strategy, state).memoryBytes()).isGreaterThanOrEqualTo(GIB);
    }

    @Test
    void vpasOwnModelWouldPinTheIntervalAtAZeroFirstReading() {
        // the VPA port keeps VPA's rule (a zero peak is never replaced): the state is what keeps zeros away from it
        AggregateContainerState aggregate = new AggregateContainerState(CONFIG.aggregations());
        ContainerState container = new ContainerState(aggregate);
        container.addMemorySample(0, START);
        container.addMemorySample(GIB, START + HOUR);
        assertThat(container.maxMemoryPeak()).isZero();
    }

    @Test
    void aZeroMemoryReadingStillCountsItsCpu() {
        RightsizingState state = codec.newState();
        assertThat(state.addSample("pod-1", START, 0.5, 0, IDLE)).isTrue();
        assertThat(state.addSample("pod-1", START + 5 * MINUTE, 0.5, 300 * MIB, IDLE)).isTrue();
        assertThat(state.aggregate().totalSamplesCount()).isEqualTo(2);
        assertThat(state.pods().get(0).state().maxMemoryPeak()).isEqualTo(300 * MIB);
        assertThat(state.dailyPeaks().memoryPeak(0)).isEqualTo(300 * MIB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vpa", "percentile", "default"})
    void aLateSampleStillRaisesTheMemoryPeaksOfItsDay(String strategy) {
        RightsizingState state = codec.newState();
        for (int minute = 0; minute < 8 * 24 * 60; minute += 5) {
            state.addSample("pod-1", START + minute * MINUTE, 0.2, 500 * MIB, IDLE);
        }
        long newest = state.aggregate().lastSampleStart();
        long before = targets(strategy, state).memoryBytes();
        // a collector catching up delivers an older sample of the newest day after newer ones
        assertThat(state.addSample("pod-1", newest - 2 * HOUR - 30_000, 0.2, 2 * GIB, IDLE)).isTrue();
        assertThat(state.dailyPeaks().memoryPeak(0)).isEqualTo(2 * GIB);
        assertThat(targets(strategy, state).memoryBytes()).isGreaterThan(before).isGreaterThanOrEqualTo(2 * GIB);
    }

    @Test
    void aLateSampleDoesNotEnterTheCpuHistogramBecauseADuplicateLooksTheSame() {
        RightsizingState state = codec.newState();
        state.addSample("pod-1", START, 0.2, 500 * MIB, IDLE);
        state.addSample("pod-1", START + 10 * MINUTE, 0.2, 500 * MIB, IDLE);
        state.addSample("pod-1", START + 5 * MINUTE, 3.0, 500 * MIB, IDLE);
        assertThat(state.aggregate().totalSamplesCount()).isEqualTo(2);
        assertThat(state.aggregate().cpuUsage().percentile(1.0)).isLessThan(0.3);
        // its CPU still is the day's peak: a maximum is safe to repeat
        assertThat(state.dailyPeaks().cpuPeak(0)).isEqualTo(3000);
    }

    @Test
    void aRedeliveredSampleChangesNothing() {
        RightsizingState state = codec.newState();
        List<long[]> samples = List.of(new long[] {START, 400 * MIB}, new long[] {START + 5 * MINUTE, 900 * MIB},
                new long[] {START + 10 * MINUTE, 600 * MIB});
        samples.forEach(s -> state.addSample("pod-1", s[0], 0.3, s[1], IDLE));
        byte[] once = codec.encode(state);
        samples.forEach(s -> state.addSample("pod-1", s[0], 0.3, s[1], IDLE));
        assertThat(codec.encode(state)).isEqualTo(once);
        assertThat(state.aggregate().totalSamplesCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vpa", "percentile", "default"})
    void aMonitoringGapIsUnknownNotIdle(String strategy) {
        RightsizingState gap = codec.newState();
        RightsizingState none = codec.newState();
        for (int minute = 0; minute < 10 * 24 * 60; minute += 5) {
            long t = START + minute * MINUTE;
            double cpu = minute % 60 < 30 ? 0.4 : 0.1;
            long memory = (minute / 60) % 24 == 12 ? GIB : 600 * MIB;
            none.addSample("pod-1", t, cpu, memory, IDLE);
            // the same usage with the monitoring down for 31 hours in the middle (as in the Bitbrains traces)
            if (t < START + 4 * DAY || t >= START + 4 * DAY + 31 * HOUR) {
                gap.addSample("pod-1", t, cpu, memory, IDLE);
            }
        }
        assertThat(gap.dailyPeaks().memoryPeak(5)).as("the day lost in the gap").isZero();
        Strategy.Targets withGap = targets(strategy, gap);
        Strategy.Targets without = targets(strategy, none);
        assertThat(withGap.memoryBytes()).isGreaterThanOrEqualTo(GIB).isEqualTo(without.memoryBytes());
        // the gap adds no idle samples: the CPU target stays where the usage puts it
        assertThat((double) withGap.cpuMillicores()).isCloseTo(without.cpuMillicores(),
                org.assertj.core.data.Percentage.withPercentage(5));
    }
}
