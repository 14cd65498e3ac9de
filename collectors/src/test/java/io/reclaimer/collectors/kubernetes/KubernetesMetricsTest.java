package io.reclaimer.collectors.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A configured cluster's counters are exported at 0 from start-up, so dashboards and alerts read 0, not nothing. */
class KubernetesMetricsTest {

    @Test
    void aConfiguredClustersCountersExistAtZeroBeforeAnythingHappens() {
        PrometheusRegistry registry = new PrometheusRegistry();
        new KubernetesMetrics(registry).cluster("prod-eu", List.of("reclaimer.usage.samples"));

        Map<String, Double> counters = new TreeMap<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot instanceof CounterSnapshot counter) {
                counter.getDataPoints().forEach(p -> counters.put(snapshot.getMetadata().getPrometheusName() + " "
                        + p.getLabels().get("cluster") + " " + p.getLabels().get("topic"), p.getValue()));
            }
        }
        assertThat(counters).containsEntry("reclaimer_kubernetes_usage_poll_failures prod-eu null", 0.0)
                .containsEntry("reclaimer_kubernetes_records_published prod-eu reclaimer.usage.samples", 0.0);
    }
}
