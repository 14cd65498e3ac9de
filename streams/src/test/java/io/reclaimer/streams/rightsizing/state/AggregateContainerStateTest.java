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
        c1.addCpuSample(ResourceAmounts.cpuAmountFromCores(1.0), 2000, T);
        c2.addCpuSample(ResourceAmounts.cpuAmountFromCores(3.0), 2000, T);
        c1.addMemorySample(2_000_000_000L, T);
        c2.addMemorySample(4_000_000_000L, T);

        AggregateContainerState appA = new AggregateContainerState(config);
        appA.merge(podOneAppA);
        appA.merge(podTwoAppA);

        assertThat(appA.totalSamplesCount()).isEqualTo(2);
        DecayingHistogram expectedCpu = new DecayingHistogram(config.cpuHistogramOptions(), Duration.ofHours(24).toMillis());
        expectedCpu.addSample(1.0, 2.0, T); // weighted by the 2-core request
        expectedCpu.addSample(3.0, 2.0, T);
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

    @Test // addCPUSample: weight = max(request cores, minSampleWeight)
    void cpuSamplesWeighByTheirRequestAndAtLeastAMinimum() {
        AggregateContainerState cs = new AggregateContainerState(config);
        ContainerState c = new ContainerState(cs);
        c.addCpuSample(500, 0, T);              // request unknown: 0.1
        c.addCpuSample(500, 50, T + 60_000);     // 0.05 cores: still 0.1
        c.addCpuSample(2000, 4000, T + 120_000); // 4 cores: 4.0

        DecayingHistogram expected = new DecayingHistogram(config.cpuHistogramOptions(), Duration.ofHours(24).toMillis());
        expected.addSample(0.5, 0.1, T);
        expected.addSample(0.5, 0.1, T + 60_000);
        expected.addSample(2.0, 4.0, T + 120_000);
        assertThat(cs.cpuUsage().decayingEquals(expected)).as("%s\n%s", expected, cs.cpuUsage()).isTrue();
        // raising the request makes the history under the old one count less: the median moves to the new usage
        assertThat(cs.cpuUsage().percentile(0.5)).isGreaterThan(1.9);
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
