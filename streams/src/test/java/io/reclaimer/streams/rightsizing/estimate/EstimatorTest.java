package io.reclaimer.streams.rightsizing.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.streams.rightsizing.histogram.DecayingHistogram;
import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.AggregationsConfig;
import io.reclaimer.streams.rightsizing.state.ContainerState;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import java.time.Duration;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** Ported from VPA's {@code logic/estimator_test.go}; each test names the Go test it comes from. */
class EstimatorTest {

    private static final long ANY_TIME = 0;
    private static final Duration DEFAULT_CONFIDENCE_INTERVAL = Duration.ofHours(24);
    private final AggregationsConfig config = AggregationsConfig.DEFAULTS;

    private AggregateContainerState emptyState() {
        return new AggregateContainerState(config);
    }

    @Test // TestPercentileEstimator
    void percentileEstimatorsReadTheHistograms() {
        // VPA uses non-decaying histograms here; with every sample at the same time the decay is a no-op
        DecayingHistogram cpu = new DecayingHistogram(config.cpuHistogramOptions(), DEFAULT_CONFIDENCE_INTERVAL.toMillis());
        cpu.addSample(1.0, 1.0, ANY_TIME);
        cpu.addSample(2.0, 1.0, ANY_TIME);
        cpu.addSample(3.0, 1.0, ANY_TIME);
        DecayingHistogram memory = new DecayingHistogram(config.memoryHistogramOptions(), DEFAULT_CONFIDENCE_INTERVAL.toMillis());
        memory.addSample(1e9, 1.0, ANY_TIME);
        memory.addSample(2e9, 1.0, ANY_TIME);
        memory.addSample(3e9, 1.0, ANY_TIME);
        AggregateContainerState state = new AggregateContainerState(config, cpu, memory);

        long cpuEstimate = CpuEstimator.percentile(0.2).cpuMillicores(state);
        long memoryEstimate = MemoryEstimator.percentile(0.5).memoryBytes(state);
        assertThat(ResourceAmounts.coresFromCpuAmount(cpuEstimate)).isCloseTo(1.0, Percentage.withPercentage(5));
        assertThat((double) memoryEstimate).isCloseTo(2e9, Percentage.withPercentage(5));
    }

    @Test // TestConfidenceMultiplier
    void theConfidenceMultiplierScalesByHistory() {
        CpuEstimator baseCpu = CpuEstimator.constant(ResourceAmounts.cpuAmountFromCores(3.14));
        MemoryEstimator baseMemory = MemoryEstimator.constant(ResourceAmounts.memoryAmountFromBytes(3.14e9));
        AggregateContainerState s = emptyState();
        // no history: +1/0 -> the maximum amount with a positive exponent, zero with a negative one
        assertThat(baseCpu.withConfidenceMultiplier(1.0, 1.0, DEFAULT_CONFIDENCE_INTERVAL).cpuMillicores(s))
                .isEqualTo(ResourceAmounts.MAX_RESOURCE_AMOUNT);
        assertThat(baseCpu.withConfidenceMultiplier(1.0, -1.0, DEFAULT_CONFIDENCE_INTERVAL).cpuMillicores(s)).isZero();

        ContainerState container = new ContainerState(s);
        long timestamp = ANY_TIME;
        for (int i = 1; i <= 9; i++) {
            container.addCpuSample(ResourceAmounts.cpuAmountFromCores(1.0), timestamp);
            timestamp += Duration.ofMinutes(2).toMillis();
        }
        // 9 samples / (60 * 24) minutes = 0.00625
        assertThat(Confidence.of(s, DEFAULT_CONFIDENCE_INTERVAL)).isEqualTo(0.00625);
        // 3.14 * (1 + 0.1/0.00625)^2 = 907.46
        assertThat(ResourceAmounts.coresFromCpuAmount(baseCpu.withConfidenceMultiplier(0.1, 2.0, DEFAULT_CONFIDENCE_INTERVAL)
                .cpuMillicores(s))).isEqualTo(907.46);
        assertThat((double) baseMemory.withConfidenceMultiplier(0.1, 2.0, DEFAULT_CONFIDENCE_INTERVAL).memoryBytes(s))
                .isEqualTo(9.0746e+11);
    }

    @Test // TestConfidenceMultiplierWithCustomInterval
    void theConfidenceIntervalSetsTheUnitOfHistory() {
        Duration custom = Duration.ofMinutes(18);
        CpuEstimator baseCpu = CpuEstimator.constant(ResourceAmounts.cpuAmountFromCores(3.14));
        MemoryEstimator baseMemory = MemoryEstimator.constant(ResourceAmounts.memoryAmountFromBytes(3.14e9));
        AggregateContainerState s = emptyState();
        ContainerState container = new ContainerState(s);
        long timestamp = ANY_TIME;
        for (int i = 1; i <= 9; i++) {
            container.addCpuSample(ResourceAmounts.cpuAmountFromCores(1.0), timestamp);
            timestamp += Duration.ofMinutes(2).toMillis();
        }
        assertThat(Confidence.of(s, custom)).isEqualTo(0.5);
        assertThat(ResourceAmounts.coresFromCpuAmount(baseCpu.withConfidenceMultiplier(0.1, 2.0, custom).cpuMillicores(s)))
                .isEqualTo(4.521);
        assertThat((double) baseMemory.withConfidenceMultiplier(0.1, 2.0, custom).memoryBytes(s)).isEqualTo(4.5216e+9);
    }

    @Test // TestConfidenceMultiplierNoHistory
    void withoutHistoryAPositiveExponentGivesTheMaximum() {
        CpuEstimator tested = CpuEstimator.constant(ResourceAmounts.cpuAmountFromCores(3.14))
                .withConfidenceMultiplier(0.1, 2.0, DEFAULT_CONFIDENCE_INTERVAL);
        assertThat(tested.cpuMillicores(emptyState())).isEqualTo(100_000_000_000_000L);
    }

    @Test // TestMarginEstimator
    void theMarginIsAddedToTheEstimate() {
        AggregateContainerState s = emptyState();
        long cpu = CpuEstimator.constant(ResourceAmounts.cpuAmountFromCores(3.14)).withMargin(0.1).cpuMillicores(s);
        long memory = MemoryEstimator.constant(ResourceAmounts.memoryAmountFromBytes(3.14e9)).withMargin(0.1).memoryBytes(s);
        // Go evaluates the expected 3.14*1.1 as an exact constant: 3.454
        assertThat(ResourceAmounts.coresFromCpuAmount(cpu)).isEqualTo(3.454);
        assertThat((double) memory).isEqualTo(3.454e9);
    }

    @Test // TestMinResourcesEstimator
    void theMinimumOnlyRaisesSmallerEstimates() {
        AggregateContainerState s = emptyState();
        long cpu = CpuEstimator.constant(ResourceAmounts.cpuAmountFromCores(3.14))
                .withMinResource(ResourceAmounts.cpuAmountFromCores(0.2)).cpuMillicores(s);
        assertThat(ResourceAmounts.coresFromCpuAmount(cpu)).isEqualTo(3.14);
        long memory = MemoryEstimator.constant(ResourceAmounts.memoryAmountFromBytes(4e8))
                .withMinResource(ResourceAmounts.memoryAmountFromBytes(2e7)).memoryBytes(s);
        assertThat((double) memory).isEqualTo(4e8);
    }
}
