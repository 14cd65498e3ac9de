package io.reclaimer.app.runtime;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.opencost.OpenCostMetrics;
import io.reclaimer.collectors.simulator.FleetSimulator;

/** OpenCost's series for a simulated fleet: the demo acts as the collector agent of each simulated cluster. */
public final class OpenCostExport {

    private OpenCostExport() {
    }

    public static OpenCostMetrics forSimulation(PrometheusRegistry registry, FleetSimulator simulator) {
        OpenCostMetrics metrics = OpenCostMetrics.register(registry);
        simulator.fleet().clusters().forEach(cluster -> metrics.update(cluster.id(), simulator.openCost(cluster.id())));
        return metrics;
    }
}
