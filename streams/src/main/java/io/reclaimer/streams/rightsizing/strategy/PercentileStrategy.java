package io.reclaimer.streams.rightsizing.strategy;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import java.util.Optional;

/**
 * Robusta KRR's "simple" strategy: CPU at the 95th percentile of usage (read from the same CPU histogram VPA
 * uses), memory at the highest usage of the history window (exact daily peaks, 14 days) plus 15%. Nothing
 * before 100 samples. No pod minimums: KRR has none.
 */
final class PercentileStrategy implements Strategy {

    private final RightsizingConfig config;

    PercentileStrategy(RightsizingConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "percentile";
    }

    @Override
    public Optional<RecommendedResources> recommend(RightsizingState state) {
        Targets targets = targets(state);
        return targets == null ? Optional.empty()
                : Optional.of(Bounds.around(targets.cpuMillicores(), targets.memoryBytes(), state.aggregate(), config));
    }

    @Override
    public Targets targets(RightsizingState state) {
        if (state.aggregate().totalSamplesCount() < config.percentilePointsRequired()) {
            return null;
        }
        long cpu = ResourceAmounts.cpuAmountFromCores(state.aggregate().cpuUsage().percentile(config.percentileCpu()));
        long memory = ResourceAmounts.scale(state.dailyPeaks().maxMemory(config.percentileHistoryDays()),
                1 + config.percentileMemoryBufferFraction());
        return new Targets(cpu, memory);
    }
}
