package io.reclaimer.streams.rightsizing.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RightsizingStateCodecTest {

    private final RightsizingStateCodec codec = new RightsizingStateCodec(AggregationsConfig.DEFAULTS, 14);
    private final long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    private RightsizingState busyState(int pods, int days) {
        RightsizingState state = codec.newState();
        Random random = new Random(42);
        for (long t = 0; t < Duration.ofDays(days).toMillis(); t += 60_000) {
            for (int p = 0; p < pods; p++) {
                double cpu = 0.2 + 0.1 * Math.sin(t / 3.6e6) + random.nextGaussian() * 0.02;
                long memory = 400_000_000L + random.nextInt(20_000_000);
                state.addSample("web-7d9f8c6b5-" + p, start + t, Math.max(0, cpu), memory, Duration.ofHours(1));
            }
        }
        state.recordOom("web-7d9f8c6b5-0", start + Duration.ofDays(days).toMillis() - 1000, 512L << 20);
        state.facts(new WorkloadFacts(0.5, 1L << 30, 3, 0.031, 0.004, true, false, 2));
        state.emitted(new RightsizingState.Emitted(true, 250, 500_000_000L, 7, 5));
        return state;
    }

    @Test
    void aStateReadBackEncodesToTheSameBytes() {
        RightsizingState state = busyState(3, 9);
        byte[] bytes = codec.encode(state);
        RightsizingState back = codec.decode(bytes);
        assertThat(codec.encode(back)).isEqualTo(bytes);
        assertThat(back.aggregate().cpuUsage().decayingEquals(state.aggregate().cpuUsage())).isTrue();
        assertThat(back.aggregate().memoryPeaks().decayingEquals(state.aggregate().memoryPeaks())).isTrue();
        assertThat(back.facts()).isEqualTo(state.facts());
        assertThat(back.emitted()).isEqualTo(state.emitted());
        assertThat(back.dailyPeaks()).isEqualTo(state.dailyPeaks());
        assertThat(back.pods()).hasSameSizeAs(state.pods());
        assertThat(RightsizingStateCodec.newestSampleMillis(bytes)).isEqualTo(state.aggregate().lastSampleStart());
    }

    @Test
    void aReplicatedContainerWithNineDaysOfMinuteSamplesFitsInOneKilobyte() {
        assertThat(codec.encode(busyState(3, 9)).length).isLessThanOrEqualTo(1024);
    }

    @Test
    void aStateWrittenWithOtherAggregationSettingsComesBackEmpty() {
        byte[] bytes = codec.encode(busyState(1, 1));
        RightsizingStateCodec other = new RightsizingStateCodec(AggregationsConfig.of(Duration.ofHours(12), 8,
                Duration.ofHours(24), Duration.ofHours(24), 1.2, 1e8), 14);
        assertThat(other.decode(bytes).aggregate().isEmpty()).isTrue();
    }

    @Test
    void podsIdleLongerThanTheTimeoutAreDropped() {
        RightsizingState state = codec.newState();
        state.addSample("old", start, 0.1, 100, Duration.ofHours(1));
        state.addSample("new", start + Duration.ofMinutes(30).toMillis(), 0.1, 100, Duration.ofHours(1));
        assertThat(state.pods()).hasSize(2);
        state.addSample("new", start + Duration.ofMinutes(61).toMillis(), 0.1, 100, Duration.ofHours(1));
        assertThat(state.pods()).hasSize(1);
    }
}
