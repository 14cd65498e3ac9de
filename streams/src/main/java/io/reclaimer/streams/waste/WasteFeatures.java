package io.reclaimer.streams.waste;

import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.allocation.CostAllocationFeature;
import io.reclaimer.streams.idle.NamespaceActivity;
import io.reclaimer.streams.orphans.OrphanDetection;
import io.reclaimer.streams.overprovisioned.OverprovisionedContainers;
import java.util.List;

/** Every waste-detection and cost feature, configured from the {@code waste} section, for the app to add. */
public final class WasteFeatures {

    private WasteFeatures() {
    }

    public static List<AnalysisFeature> all(WasteConfig config) {
        return List.of(new OrphanDetection(config), new NamespaceActivity(config), new OverprovisionedContainers(config),
                new CostAllocationFeature(config), new io.reclaimer.streams.gpu.IdleGpus(config),
                new io.reclaimer.streams.consolidation.NodePoolConsolidation(config),
                new io.reclaimer.streams.savings.VerifiedSavingsFeature());
    }
}
