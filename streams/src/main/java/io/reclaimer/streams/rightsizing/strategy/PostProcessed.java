package io.reclaimer.streams.rightsizing.strategy;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import java.util.Optional;

/**
 * VPA's post-processing for every strategy: cap at {@code --container-recommendation-max-allowed-cpu/memory},
 * then round up to {@code --round-cpu-millicores} / {@code --round-memory-bytes}.
 */
final class PostProcessed implements Strategy {

    private final Strategy strategy;
    private final long maxCpu;
    private final long maxMemory;
    private final long roundCpu;
    private final long roundMemory;

    PostProcessed(Strategy strategy, RightsizingConfig vpa) {
        this.strategy = strategy;
        this.maxCpu = vpa.containerRecommendationMaxAllowedCpu() == null ? Long.MAX_VALUE
                : ResourceAmounts.cpuAmountFromCores(vpa.containerRecommendationMaxAllowedCpu());
        this.maxMemory = vpa.containerRecommendationMaxAllowedMemory() == null ? Long.MAX_VALUE
                : vpa.containerRecommendationMaxAllowedMemory();
        this.roundCpu = vpa.roundCpuMillicores();
        this.roundMemory = vpa.roundMemoryBytes();
    }

    @Override
    public String name() {
        return strategy.name();
    }

    @Override
    public Optional<RecommendedResources> recommend(RightsizingState state) {
        return strategy.recommend(state).map(r -> new RecommendedResources(cpu(r.targetCpuMillicores()),
                memory(r.targetMemoryBytes()), cpu(r.lowerBoundCpuMillicores()), memory(r.lowerBoundMemoryBytes()),
                cpu(r.upperBoundCpuMillicores()), memory(r.upperBoundMemoryBytes())));
    }

    @Override
    public Targets targets(RightsizingState state) {
        Targets t = strategy.targets(state);
        return t == null ? null : new Targets(cpu(t.cpuMillicores()), memory(t.memoryBytes()));
    }

    private long cpu(long millicores) {
        long capped = Math.min(millicores, maxCpu);
        return capped == 0 ? 0 : ResourceAmounts.roundUpToScale(capped, roundCpu);
    }

    private long memory(long bytes) {
        long capped = Math.min(bytes, maxMemory);
        return capped == 0 ? 0 : ResourceAmounts.roundUpToScale(capped, roundMemory);
    }
}
