package io.reclaimer.app.runtime;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.intake.ClusterIntake;
import io.reclaimer.streams.intake.UsageIntake;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Per-cluster usage intake, read from the analysis' intake store at scrape time: how many samples each
 * cluster has sent and how recent the newest is. A collector that goes quiet shows here first (the
 * ReclaimerCollectorQuiet alert). While the store is not queryable (start-up, rebalance) the series are
 * absent from that scrape rather than wrong.
 */
final class IntakeMetrics {

    private IntakeMetrics() {
    }

    public static void register(PrometheusRegistry registry, AnalysisService analysis) {
        CounterWithCallback.builder().name("reclaimer_usage_samples_received_total")
                .help("Usage samples the analysis received per cluster (on the partitions this instance owns)")
                .labelNames("cluster")
                .callback(cb -> intake(analysis).forEach((cluster, intake) -> cb.call(intake.samples(), cluster)))
                .register(registry);
        GaugeWithCallback.builder().name("reclaimer_usage_last_sample_timestamp_seconds")
                .help("Unix time of the newest usage sample received per cluster (the sample's own time)")
                .labelNames("cluster")
                .callback(cb -> intake(analysis).forEach((cluster, intake) ->
                        cb.call(intake.lastSampleAt().toEpochMilli() / 1000.0, cluster)))
                .register(registry);
    }

    private static Map<String, ClusterIntake> intake(AnalysisService analysis) {
        try {
            return UsageIntake.totals(analysis.store(UsageIntake.STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException notQueryableNow) {
            return Map.of();
        }
    }
}
