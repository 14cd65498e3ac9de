package io.reclaimer.streams.rightsizing.strategy;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import java.util.Optional;

/**
 * Turns a container's rightsizing state into target, lower and upper bound (millicores and bytes). Pure: the
 * same state gives the same answer, whether the topology, the offline command or the backtest asks.
 */
public interface Strategy {

    String name();

    /** The recommendation, or empty while the strategy has too little history to say anything. */
    Optional<RecommendedResources> recommend(RightsizingState state);

    /**
     * Only the targets (CPU millicores, memory bytes), or null when {@link #recommend} would be empty: what the
     * topology checks on every sample to decide whether the recommendation moved. Must equal recommend's targets.
     */
    default Targets targets(RightsizingState state) {
        return recommend(state).map(r -> new Targets(r.targetCpuMillicores(), r.targetMemoryBytes())).orElse(null);
    }

    /** Target CPU in millicores and memory in bytes. */
    record Targets(long cpuMillicores, long memoryBytes) {
    }

    static Strategy of(RightsizingConfig config) {
        return of(config.strategy(), config);
    }

    static Strategy of(String name, RightsizingConfig config) {
        Strategy strategy = switch (name) {
            case "vpa" -> new VpaStrategy(config);
            case "percentile" -> new PercentileStrategy(config);
            case "default" -> new BalancedStrategy(config);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "': use vpa, percentile or default");
        };
        return new PostProcessed(strategy, config);
    }
}
