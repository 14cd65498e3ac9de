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

    private final RightsizingConfig.Percentile settings;
    private final RightsizingConfig.Vpa vpa;

    PercentileStrategy(RightsizingConfig.Percentile settings, RightsizingConfig.Vpa vpa) {
        this.settings = settings;
        this.vpa = vpa;
    }

    @Override
    public String name() {
        return "percentile";
    }

    @Override
    public Optional<RecommendedResources> recommend(RightsizingState state) {
        if (state.aggregate().totalSamplesCount() < settings.pointsRequired()) {
            return Optional.empty();
        }
        long cpu = ResourceAmounts.cpuAmountFromCores(state.aggregate().cpuUsage().percentile(settings.cpuPercentile()));
        long memory = ResourceAmounts.scale(state.dailyPeaks().maxMemory(settings.historyDays()),
                1 + settings.memoryBufferFraction());
        return Optional.of(Bounds.around(cpu, memory, state.aggregate(), vpa));
    }
}
