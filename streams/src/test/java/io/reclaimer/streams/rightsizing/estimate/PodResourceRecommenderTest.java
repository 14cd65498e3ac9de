package io.reclaimer.streams.rightsizing.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.AggregationsConfig;
import io.reclaimer.streams.rightsizing.state.ContainerState;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ported from VPA's {@code logic/recommender_test.go}, plus the default recommender end to end. */
class PodResourceRecommenderTest {

    private static PodResourceRecommender constant(long cpuMillicores, long memoryBytes) {
        CpuEstimator cpu = CpuEstimator.constant(cpuMillicores);
        MemoryEstimator memory = MemoryEstimator.constant(memoryBytes);
        return new PodResourceRecommender(cpu, memory, cpu, memory, cpu, memory, 25., 250.);
    }

    @Test // TestMinResourcesApplied
    void podMinimumsApplyToASingleContainer() {
        RecommendedResources r = constant(ResourceAmounts.cpuAmountFromCores(0.001), ResourceAmounts.memoryAmountFromBytes(1e6))
                .recommend(new AggregateContainerState(AggregationsConfig.DEFAULTS), 1);
        assertThat(r.targetCpuMillicores()).isEqualTo(ResourceAmounts.cpuAmountFromCores(25. / 1000));
        assertThat(r.targetMemoryBytes()).isEqualTo(ResourceAmounts.memoryAmountFromBytes(250. * 1024 * 1024));
    }

    @Test // TestMinResourcesSplitAcrossContainers
    void podMinimumsAreSplitAcrossContainers() {
        RecommendedResources r = constant(ResourceAmounts.cpuAmountFromCores(0.001), ResourceAmounts.memoryAmountFromBytes(1e6))
                .recommend(new AggregateContainerState(AggregationsConfig.DEFAULTS), 2);
        assertThat(r.targetCpuMillicores()).isEqualTo(ResourceAmounts.cpuAmountFromCores((25. / 1000) / 2));
        assertThat(r.targetMemoryBytes()).isEqualTo(ResourceAmounts.memoryAmountFromBytes((250. * 1024 * 1024) / 2));
    }

    @Test
    void theDefaultRecommenderTargetsTheNinetiethPercentilePlusFifteenPercent() {
        AggregateContainerState state = new AggregateContainerState(AggregationsConfig.DEFAULTS);
        ContainerState container = new ContainerState(state);
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        for (int minute = 0; minute < 8 * 24 * 60; minute++) {
            long t = start + minute * 60_000L;
            container.addCpuSample(minute % 20 == 0 ? 900 : 200, t); // 5% of the time at 0.9 cores
            container.addMemorySample(500_000_000L, t);
        }
        RecommendedResources r = PodResourceRecommender.vpa(PodResourceRecommender.Config.DEFAULTS).recommend(state, 1);
        double p90 = state.cpuUsage().percentile(0.9);
        assertThat(r.targetCpuMillicores()).isEqualTo(ResourceAmounts.cpuAmountFromCores(p90)
                + ResourceAmounts.scale(ResourceAmounts.cpuAmountFromCores(p90), 0.15));
        assertThat(p90).isBetween(0.2, 0.2 * 1.1); // the bucket end above 0.2 cores: the spikes are the top 5%
        assertThat(r.lowerBoundCpuMillicores()).isLessThanOrEqualTo(r.targetCpuMillicores());
        assertThat(r.upperBoundCpuMillicores()).isGreaterThan(r.targetCpuMillicores());
        double days = Duration.ofDays(8).minusMinutes(1).toMinutes() / 1440.0;
        assertThat((double) r.upperBoundMemoryBytes() / ResourceAmounts.scale(
                ResourceAmounts.memoryAmountFromBytes(state.memoryPeaks().percentile(0.95)), 1.15))
                .isCloseTo(1 + 1 / days, org.assertj.core.data.Offset.offset(0.01));
    }
}
