package io.reclaimer.streams;

import io.reclaimer.streams.allocation.CostAllocationFeature;
import io.reclaimer.streams.consolidation.NodePoolConsolidation;
import io.reclaimer.streams.gpu.IdleGpus;
import io.reclaimer.streams.idle.NamespaceActivity;
import io.reclaimer.streams.orphans.OrphanDetection;
import io.reclaimer.streams.overprovisioned.OverprovisionedContainers;
import io.reclaimer.streams.savings.VerifiedSavingsFeature;
import io.reclaimer.streams.waste.WasteConfig;
import java.util.List;

/**
 * Every waste-detection and cost feature, configured from the {@code waste} section, for the app to add. It lives
 * beside the topology, not in {@code waste}: the features read their settings from {@code waste}, so {@code waste}
 * knowing the features would make the packages depend on each other.
 */
public final class WasteFeatures {

    private WasteFeatures() {
    }

    public static List<AnalysisFeature> all(WasteConfig config) {
        return List.of(new OrphanDetection(config), new NamespaceActivity(config), new OverprovisionedContainers(config),
                new CostAllocationFeature(config.allocation(), config.sampleLateness()), new IdleGpus(config),
                new NodePoolConsolidation(config), new VerifiedSavingsFeature());
    }
}
