package io.reclaimer.collectors.aws;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The AWS collector's Prometheus metrics (documented in docs/metrics.md). */
public final class AwsMetrics {

    private final Counter costExplorerRequests;
    private final Counter collectionErrors;

    public AwsMetrics(PrometheusRegistry registry) {
        costExplorerRequests = Counter.builder()
                .name("reclaimer_aws_cost_explorer_requests_total")
                .help("HTTP requests sent to Cost Explorer (each successful one costs US$0.01), by account and outcome")
                .labelNames("account", "outcome")
                .register(registry);
        collectionErrors = Counter.builder()
                .name("reclaimer_aws_collection_errors_total")
                .help("AWS listings or Cost Explorer queries that failed after the SDK's retries")
                .labelNames("account", "region", "service")
                .register(registry);
    }

    void costExplorerRequest(String account, boolean success) {
        costExplorerRequests.labelValues(account, success ? "success" : "error").inc();
    }

    public void collectionError(String account, String region, String service) {
        collectionErrors.labelValues(account, region, service).inc();
    }

    /** Total Cost Explorer requests for an account and outcome, e.g. for tests and logs. */
    public long costExplorerRequests(String account, String outcome) {
        return (long) costExplorerRequests.labelValues(account, outcome).get();
    }

    public long collectionErrors(String account, String region, String service) {
        return (long) collectionErrors.labelValues(account, region, service).get();
    }
}
