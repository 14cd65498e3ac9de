package io.reclaimer.streams.rightsizing.strategy;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.DailyPeaks;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import java.util.Optional;

/**
 * Reclaimer's {@code default} strategy. CPU is compressible (too little throttles), memory is not (too little
 * kills), so they are sized differently:
 * <ul>
 *   <li>CPU: the 95th percentile of the decaying CPU histogram plus 8% (VPA: 90th plus 15%; KRR: 95th, no
 *       margin);</li>
 *   <li>memory: the highest daily peak of the last 7 days (not a percentile of peaks: one day above the
 *       recommendation is an OOM kill) plus 10%; when the daily peaks rise every day (a leak), the growth
 *       projected over the leak horizon is added; never below what an OOM kill within the memory window showed
 *       to be needed (VPA's bump).</li>
 * </ul>
 * VPA's pod minimums (250 MiB per pod!) are off by default: they are most of the slack of small sidecars.
 * docs/rightsizing.md has the backtest that chose these defaults.
 */
final class BalancedStrategy implements Strategy {

    private static final int MIN_DAYS_FOR_TREND = 3;

    private final RightsizingConfig config;

    BalancedStrategy(RightsizingConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public Optional<RecommendedResources> recommend(RightsizingState state) {
        Targets targets = targets(state);
        if (targets == null) {
            return Optional.empty();
        }
        long minCpu = minCpu(state);
        long minMemory = minMemory(state);
        RecommendedResources bounds = Bounds.around(targets.cpuMillicores(), targets.memoryBytes(), state.aggregate(), config);
        return Optional.of(new RecommendedResources(bounds.targetCpuMillicores(), bounds.targetMemoryBytes(),
                Math.max(bounds.lowerBoundCpuMillicores(), minCpu), Math.max(bounds.lowerBoundMemoryBytes(), minMemory),
                bounds.upperBoundCpuMillicores(), bounds.upperBoundMemoryBytes()));
    }

    @Override
    public Targets targets(RightsizingState state) {
        if (state.aggregate().isEmpty()) {
            return null;
        }
        long cpuBase = ResourceAmounts.cpuAmountFromCores(state.aggregate().cpuUsage().percentile(config.defaultCpuPercentile()));
        long cpu = cpuBase + ResourceAmounts.scale(cpuBase, config.defaultCpuMarginFraction());
        DailyPeaks daily = state.dailyPeaks();
        long peak = daily.maxMemory(config.defaultMemoryWindowDays()) + leakGrowth(daily);
        // an OOM kill's bumped need (VPA's max(+100 MiB, ×1.2)) already is a margin: it is not padded again
        long memory = Math.max(peak + ResourceAmounts.scale(peak, config.defaultMemoryMarginFraction()),
                state.oomMemoryBytes(state.newestTime()));
        return new Targets(Math.max(cpu, minCpu(state)), Math.max(memory, minMemory(state)));
    }

    private long minCpu(RightsizingState state) {
        if (!config.defaultPodMinimums()) {
            return 0;
        }
        return ResourceAmounts.scale(ResourceAmounts.cpuAmountFromCores(config.podRecommendationMinCpuMillicores() * 0.001),
                1.0 / Math.max(1, state.facts().containersInPod()));
    }

    private long minMemory(RightsizingState state) {
        if (!config.defaultPodMinimums()) {
            return 0;
        }
        return ResourceAmounts.scale(ResourceAmounts.memoryAmountFromBytes(config.podRecommendationMinMemoryMb() * 1024 * 1024),
                1.0 / Math.max(1, state.facts().containersInPod()));
    }

    /**
     * Growth over the leak horizon when the daily memory peaks rise steadily: the least-squares slope of the
     * window's complete days (today excluded: it is not over), counted only when every day is above the one
     * before it. Noisy or flat memory gets no projection.
     */
    private long leakGrowth(DailyPeaks daily) {
        double horizonDays = config.defaultLeakHorizon().toMillis() / (double) DailyPeaks.DAY_MILLIS;
        if (horizonDays <= 0) {
            return 0;
        }
        int window = Math.min(config.defaultMemoryWindowDays(), daily.days() - 1);
        int n = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumXX = 0;
        long previous = Long.MAX_VALUE;
        for (int age = 1; age <= window; age++) {
            long peak = daily.memoryPeak(age);
            if (peak == 0) {
                break;
            }
            if (peak >= previous) {
                return 0; // older day higher than a newer one: not a steady rise
            }
            previous = peak;
            double x = -age;
            sumX += x;
            sumY += peak;
            sumXY += x * peak;
            sumXX += x * x;
            n++;
        }
        if (n < MIN_DAYS_FOR_TREND) {
            return 0;
        }
        double slope = (n * sumXY - sumX * sumY) / (n * sumXX - sumX * sumX);
        return slope > 0 ? ResourceAmounts.memoryAmountFromBytes(slope * horizonDays) : 0;
    }
}
