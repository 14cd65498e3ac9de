package io.reclaimer.streams.rightsizing.estimate;

import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import java.time.Duration;

/**
 * VPA's {@code logic/recommender.go}: target, lower and upper bound estimators, each at least the pod's
 * minimum CPU and memory split evenly across the pod's containers.
 */
public final class PodResourceRecommender {

    private final CpuEstimator targetCpu;
    private final MemoryEstimator targetMemory;
    private final CpuEstimator lowerBoundCpu;
    private final MemoryEstimator lowerBoundMemory;
    private final CpuEstimator upperBoundCpu;
    private final MemoryEstimator upperBoundMemory;
    private final double minCpuMillicores;
    private final double minMemoryMb;

    public PodResourceRecommender(CpuEstimator targetCpu, MemoryEstimator targetMemory, CpuEstimator lowerBoundCpu,
                                  MemoryEstimator lowerBoundMemory, CpuEstimator upperBoundCpu,
                                  MemoryEstimator upperBoundMemory, double minCpuMillicores, double minMemoryMb) {
        this.targetCpu = targetCpu;
        this.targetMemory = targetMemory;
        this.lowerBoundCpu = lowerBoundCpu;
        this.lowerBoundMemory = lowerBoundMemory;
        this.upperBoundCpu = upperBoundCpu;
        this.upperBoundMemory = upperBoundMemory;
        this.minCpuMillicores = minCpuMillicores;
        this.minMemoryMb = minMemoryMb;
    }

    /** VPA's {@code CreatePodResourceRecommender}: percentiles, safety margin, confidence-scaled bounds. */
    public static PodResourceRecommender vpa(Config config) {
        CpuEstimator targetCpu = CpuEstimator.percentile(config.targetCpuPercentile()).withMargin(config.safetyMarginFraction());
        CpuEstimator lowerBoundCpu = CpuEstimator.percentile(config.lowerBoundCpuPercentile()).withMargin(config.safetyMarginFraction());
        CpuEstimator upperBoundCpu = CpuEstimator.percentile(config.upperBoundCpuPercentile()).withMargin(config.safetyMarginFraction());
        MemoryEstimator targetMemory = MemoryEstimator.percentile(config.targetMemoryPercentile()).withMargin(config.safetyMarginFraction());
        MemoryEstimator lowerBoundMemory = MemoryEstimator.percentile(config.lowerBoundMemoryPercentile()).withMargin(config.safetyMarginFraction());
        MemoryEstimator upperBoundMemory = MemoryEstimator.percentile(config.upperBoundMemoryPercentile()).withMargin(config.safetyMarginFraction());
        // upper bound × (1 + 1/days of history): ×∞ with no history, ×2 after a day, ×1.14 after a week, so
        // nothing with a short history is evicted to reclaim resources
        upperBoundCpu = upperBoundCpu.withConfidenceMultiplier(1.0, 1.0, config.confidenceIntervalCpu());
        upperBoundMemory = upperBoundMemory.withConfidenceMultiplier(1.0, 1.0, config.confidenceIntervalMemory());
        // lower bound × (1 + 0.001/days)^-2: ×0 with no history, ×0.6 after 5 minutes, ×0.95 after an hour
        lowerBoundCpu = lowerBoundCpu.withConfidenceMultiplier(0.001, -2.0, config.confidenceIntervalCpu());
        lowerBoundMemory = lowerBoundMemory.withConfidenceMultiplier(0.001, -2.0, config.confidenceIntervalMemory());
        return new PodResourceRecommender(targetCpu, targetMemory, lowerBoundCpu, lowerBoundMemory, upperBoundCpu,
                upperBoundMemory, config.podMinCpuMillicores(), config.podMinMemoryMb());
    }

    /**
     * The recommendation for one container of a pod with {@code containersInPod} containers (at least 1):
     * the pod minimums are split evenly across them.
     */
    public RecommendedResources recommend(AggregateContainerState state, int containersInPod) {
        double fraction = 1.0 / Math.max(1, containersInPod);
        long minCpu = ResourceAmounts.scale(ResourceAmounts.cpuAmountFromCores(minCpuMillicores * 0.001), fraction);
        long minMemory = ResourceAmounts.scale(ResourceAmounts.memoryAmountFromBytes(minMemoryMb * 1024 * 1024), fraction);
        return new RecommendedResources(
                Math.max(targetCpu.cpuMillicores(state), minCpu),
                Math.max(targetMemory.memoryBytes(state), minMemory),
                Math.max(lowerBoundCpu.cpuMillicores(state), minCpu),
                Math.max(lowerBoundMemory.memoryBytes(state), minMemory),
                Math.max(upperBoundCpu.cpuMillicores(state), minCpu),
                Math.max(upperBoundMemory.memoryBytes(state), minMemory));
    }

    /** Only the targets, {CPU millicores, memory bytes}: equal to {@link #recommend}'s, without the bounds. */
    public long[] targets(AggregateContainerState state, int containersInPod) {
        double fraction = 1.0 / Math.max(1, containersInPod);
        long minCpu = ResourceAmounts.scale(ResourceAmounts.cpuAmountFromCores(minCpuMillicores * 0.001), fraction);
        long minMemory = ResourceAmounts.scale(ResourceAmounts.memoryAmountFromBytes(minMemoryMb * 1024 * 1024), fraction);
        return new long[] {Math.max(targetCpu.cpuMillicores(state), minCpu), Math.max(targetMemory.memoryBytes(state), minMemory)};
    }

    /** VPA's {@code RecommendationConfig}: the recommender's flags. */
    public record Config(double safetyMarginFraction, double podMinCpuMillicores, double podMinMemoryMb,
                         double targetCpuPercentile, double lowerBoundCpuPercentile, double upperBoundCpuPercentile,
                         Duration confidenceIntervalCpu, double targetMemoryPercentile,
                         double lowerBoundMemoryPercentile, double upperBoundMemoryPercentile,
                         Duration confidenceIntervalMemory) {

        /** The VPA recommender's flag defaults. */
        public static final Config DEFAULTS = new Config(0.15, 25, 250, 0.9, 0.5, 0.95, Duration.ofHours(24), 0.9, 0.5,
                0.95, Duration.ofHours(24));
    }
}
