package io.reclaimer.streams.rightsizing.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.streams.rightsizing.histogram.DecayingHistogram;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ported from VPA's {@code model/aggregate_container_state_test.go}. */
class AggregateContainerStateTest {

    private static final long T = ContainerStateTest.TEST_TIMESTAMP;
    private final AggregationsConfig config = AggregationsConfig.DEFAULTS;

    @Test // TestAggregateStateByContainerName: two pods' "app-A" containers aggregate into one state
    void containersWithTheSameNameAggregateTheirHistograms() {
        AggregateContainerState podOneAppA = new AggregateContainerState(config);
        AggregateContainerState podTwoAppA = new AggregateContainerState(config);
        ContainerState c1 = new ContainerState(podOneAppA);
        ContainerState c2 = new ContainerState(podTwoAppA);
        c1.addCpuSample(ResourceAmounts.cpuAmountFromCores(1.0), T);
        c2.addCpuSample(ResourceAmounts.cpuAmountFromCores(3.0), T);
        c1.addMemorySample(2_000_000_000L, T);
        c2.addMemorySample(4_000_000_000L, T);

        AggregateContainerState appA = new AggregateContainerState(config);
        appA.merge(podOneAppA);
        appA.merge(podTwoAppA);

        assertThat(appA.totalSamplesCount()).isEqualTo(2);
        DecayingHistogram expectedCpu = new DecayingHistogram(config.cpuHistogramOptions(), Duration.ofHours(24).toMillis());
        expectedCpu.merge(podOneAppA.cpuUsage());
        expectedCpu.merge(podTwoAppA.cpuUsage());
        DecayingHistogram expectedMemory = new DecayingHistogram(config.memoryHistogramOptions(), Duration.ofHours(24).toMillis());
        expectedMemory.addSample(2e9, 1.0, c1.windowEnd());
        expectedMemory.addSample(4e9, 1.0, c2.windowEnd());
        assertThat(appA.cpuUsage().decayingEquals(expectedCpu)).as("%s\n%s", expectedCpu, appA.cpuUsage()).isTrue();
        assertThat(appA.memoryPeaks().decayingEquals(expectedMemory)).as("%s\n%s", expectedMemory, appA.memoryPeaks()).isTrue();
    }

    @Test // TestAggregateContainerStateIsExpired
    void aStateExpiresAfterAWholeMemoryWindowWithoutSamples() {
        AggregateContainerState cs = new AggregateContainerState(config);
        cs.restoreCounters(T, T, 1);
        assertThat(cs.isExpired(T + Duration.ofDays(7).toMillis())).isFalse();
        assertThat(cs.isExpired(T + Duration.ofDays(8).toMillis())).isTrue();
    }

    @Test // TestAggregateContainerStateIsExpiredWithCustomIntervalCount
    void aShorterWindowExpiresSooner() {
        AggregationsConfig four = AggregationsConfig.of(Duration.ofHours(24), 4, Duration.ofHours(24), Duration.ofHours(24), 1.2, 100 * 1024 * 1024);
        AggregateContainerState cs = new AggregateContainerState(four);
        cs.restoreCounters(T, T, 1);
        long window = Duration.ofDays(4).toMillis();
        assertThat(cs.isExpired(T + window - 3_600_000L)).isFalse();
        assertThat(cs.isExpired(T + window)).isTrue();
    }

    @Test
    void cpuSamplesAreTruncatedToMillicoresAsVpaDoes() {
        AggregateContainerState cs = new AggregateContainerState(config);
        new ContainerState(cs).addCpuSample(ResourceAmounts.cpuAmountFromCores(0.0259), T);
        assertThat(cs.cpuUsage().percentile(1.0)).isEqualTo(config.cpuHistogramOptions()
                .bucketStart(config.cpuHistogramOptions().findBucket(0.025) + 1));
        assertThat(cs.firstSampleStart()).isEqualTo(T);
        assertThat(cs.lastSampleStart()).isEqualTo(T);
    }
}
