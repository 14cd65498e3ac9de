package io.reclaimer.collectors.kubernetes;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The collector's own metrics (docs/metrics.md), registered on the caller's registry. */
final class KubernetesMetrics {

    private final Gauge clusterUp;
    private final Counter published;
    private final Counter usagePollFailures;
    private final Gauge backfillProgress;

    KubernetesMetrics(PrometheusRegistry registry) {
        clusterUp = Gauge.builder().name("reclaimer_kubernetes_cluster_up")
                .help("1 when every informer of the cluster has listed and is watching, 0 when it is unreachable")
                .labelNames("cluster").register(registry);
        published = Counter.builder().name("reclaimer_kubernetes_records_published_total")
                .help("Records (tombstones included) the Kubernetes collector sent, by cluster and topic")
                .labelNames("cluster", "topic").register(registry);
        usagePollFailures = Counter.builder().name("reclaimer_kubernetes_usage_poll_failures_total")
                .help("Failed polls of the metrics.k8s.io API, by cluster")
                .labelNames("cluster").register(registry);
        backfillProgress = Gauge.builder().name("reclaimer_kubernetes_backfill_progress_ratio")
                .help("Share of the Prometheus backfill window done, by cluster (1 when finished)")
                .labelNames("cluster").register(registry);
    }

    /** A configured cluster's counters, at 0 until something happens. */
    void cluster(String cluster, java.util.List<String> topics) {
        usagePollFailures.labelValues(cluster);
        topics.forEach(topic -> published.labelValues(cluster, topic));
    }

    void up(String cluster, boolean up) {
        clusterUp.labelValues(cluster).set(up ? 1 : 0);
    }

    void published(String cluster, String topic, int count) {
        if (count > 0) {
            published.labelValues(cluster, topic).inc(count);
        }
    }

    void usagePollFailed(String cluster) {
        usagePollFailures.labelValues(cluster).inc();
    }

    void backfillProgress(String cluster, double ratio) {
        backfillProgress.labelValues(cluster).set(ratio);
    }
}
