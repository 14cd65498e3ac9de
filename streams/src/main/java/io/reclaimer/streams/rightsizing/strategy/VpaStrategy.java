package io.reclaimer.streams.rightsizing.strategy;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.PodResourceRecommender;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import java.util.Optional;

/**
 * The Kubernetes VPA recommender: target at the 90th percentile of CPU samples and of daily memory peaks plus
 * 15%, bounds at the 50th/95th percentiles widened by the confidence in the history, at least the pod minimums
 * split across the pod's containers.
 */
final class VpaStrategy implements Strategy {

    private final PodResourceRecommender recommender;

    VpaStrategy(RightsizingConfig config) {
        this.recommender = PodResourceRecommender.vpa(config.recommenderConfig());
    }

    @Override
    public Targets targets(RightsizingState state) {
        if (state.aggregate().isEmpty() && state.aggregate().memoryPeaks().isEmpty()) {
            return null;
        }
        long[] targets = recommender.targets(state.aggregate(), state.facts().containersInPod());
        return new Targets(targets[0], targets[1]);
    }

    @Override
    public String name() {
        return "vpa";
    }

    @Override
    public Optional<RecommendedResources> recommend(RightsizingState state) {
        if (state.aggregate().isEmpty() && state.aggregate().memoryPeaks().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(recommender.recommend(state.aggregate(), state.facts().containersInPod()));
    }
}
