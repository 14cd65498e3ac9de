package io.reclaimer.streams.metrics;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.deadletter.DeadLetterExceptionHandler;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.allocation.ClusterLedger;
import io.reclaimer.streams.allocation.CostAllocationFeature;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.findings.FindingTracker;
import io.reclaimer.streams.idle.NamespaceActivity;
import io.reclaimer.streams.orphans.OrphanDetection;
import io.reclaimer.streams.overprovisioned.OverprovisionedContainers;
import io.reclaimer.streams.usage.HourlyUsage;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The analysis on {@code /metrics}: rightsizing per container, waste and savings, findings by kind,
 * allocated cost by namespace, the estimate against the invoice, and the pipeline's health. Every metric
 * is documented in {@code docs/metrics.md}.
 *
 * <p>Gauges are callbacks that read this instance's state stores at scrape time (interactive queries on
 * active stores only), so each instance exports exactly the keys of the partitions it owns and nothing is
 * held twice in memory. With several instances the series are disjoint per key: aggregate with
 * {@code sum by (...)} across instances. During a rebalance a store is briefly not queryable and its
 * series are absent from that scrape rather than stale or doubled.
 */
public final class AnalysisMetrics {

    private static final String[] CONTAINER = {"cluster", "namespace", "workload_kind", "workload", "container"};
    private static final List<String> FINDING_STORES = List.of(OrphanDetection.FINDINGS_STORE,
            NamespaceActivity.FINDINGS_STORE, OverprovisionedContainers.FINDINGS_STORE);

    private final StateAccess state;

    private AnalysisMetrics(StateAccess state) {
        this.state = state;
    }

    /** Registers every metric of a running analysis service. */
    public static AnalysisMetrics register(PrometheusRegistry registry, AnalysisService service) {
        return register(registry, StateAccess.of(service));
    }

    public static AnalysisMetrics register(PrometheusRegistry registry, StateAccess state) {
        AnalysisMetrics metrics = new AnalysisMetrics(state);
        metrics.registerRightsizing(registry);
        metrics.registerFindings(registry);
        metrics.registerCosts(registry);
        metrics.registerHealth(registry);
        return metrics;
    }

    // ------------------------------------------------------------------ rightsizing

    private void registerRightsizing(PrometheusRegistry registry) {
        containerGauge(registry, "reclaimer_container_cpu_request_cores",
                "CPU the container requests per pod, as the recommendation saw it", r -> r.cpu().requestCores());
        containerGauge(registry, "reclaimer_container_cpu_recommendation_cores",
                "CPU the container should request per pod", r -> r.cpu().targetCores());
        containerGauge(registry, "reclaimer_container_memory_request_bytes",
                "Memory the container requests per pod", r -> r.memory().requestBytes() == null ? null
                        : r.memory().requestBytes().doubleValue());
        containerGauge(registry, "reclaimer_container_memory_recommendation_bytes",
                "Memory the container should request per pod", r -> (double) r.memory().targetBytes());
        GaugeWithCallback.builder().name("reclaimer_recommended_savings_monthly_usd")
                .help("Monthly USD saved by applying the rightsizing recommendations of a workload (positive savings only)")
                .labelNames("cluster", "namespace", "workload_kind", "workload")
                .callback(cb -> {
                    Map<List<String>, Double> byWorkload = new TreeMap<>(AnalysisMetrics::compare);
                    forEachRecommendation(r -> {
                        if (r.monthlySavingsUsd() != null && r.monthlySavingsUsd() > 0) {
                            ContainerRef c = r.container();
                            byWorkload.merge(List.of(c.cluster(), c.namespace(), c.workloadKind(), c.workloadName()),
                                    r.monthlySavingsUsd(), Double::sum);
                        }
                    });
                    byWorkload.forEach((labels, usd) -> cb.call(usd, labels.toArray(String[]::new)));
                }).register(registry);
    }

    private void containerGauge(PrometheusRegistry registry, String name, String help,
                                Function<Recommendation, Double> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(CONTAINER).callback(cb -> forEachRecommendation(r -> {
            Double v = value.apply(r);
            if (v != null) {
                ContainerRef c = r.container();
                cb.call(v, c.cluster(), c.namespace(), c.workloadKind(), c.workloadName(), c.container());
            }
        })).register(registry);
    }

    private void forEachRecommendation(Consumer<Recommendation> action) {
        ReadOnlyKeyValueStore<String, Object> store = state.keyValueStore(AnalysisInputs.RECOMMENDATIONS_STORE);
        if (store == null) {
            return;
        }
        try (KeyValueIterator<String, Object> all = store.all()) {
            while (all.hasNext()) {
                Object value = all.next().value;
                // a materialized KTable may be timestamped; both views are accepted
                Object v = value instanceof org.apache.kafka.streams.state.ValueAndTimestamp<?> vt ? vt.value() : value;
                if (v instanceof Recommendation r) {
                    action.accept(r);
                }
            }
        }
    }

    // ------------------------------------------------------------------ findings

    private void registerFindings(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("reclaimer_waste_monthly_usd")
                .help("Monthly USD of the open findings, by cluster, namespace, workload and kind")
                .labelNames("cluster", "namespace", "workload", "kind")
                .callback(cb -> {
                    Map<List<String>, Double> sums = new TreeMap<>(AnalysisMetrics::compare);
                    for (Finding f : openFindings()) {
                        sums.merge(List.of(f.cluster(), f.namespace(), workloadOf(f), f.kind().wireName()), f.monthlyUsd(),
                                Double::sum);
                    }
                    sums.forEach((labels, usd) -> cb.call(usd, labels.toArray(String[]::new)));
                }).register(registry);
        GaugeWithCallback.builder().name("reclaimer_open_findings")
                .help("Findings currently open, by kind").labelNames("kind")
                .callback(cb -> byKind(cb, f -> 1.0)).register(registry);
        GaugeWithCallback.builder().name("reclaimer_open_findings_monthly_usd")
                .help("Monthly USD of the findings currently open, by kind").labelNames("kind")
                .callback(cb -> byKind(cb, Finding::monthlyUsd)).register(registry);
    }

    private void byKind(GaugeWithCallback.Callback cb, Function<Finding, Double> value) {
        if (!state.running()) {
            return;
        }
        Map<FindingKind, Double> sums = new TreeMap<>();
        for (FindingKind kind : FindingKind.values()) {
            sums.put(kind, 0.0); // every kind exported, so "none open" is a 0 rather than a missing series
        }
        for (Finding f : openFindings()) {
            sums.merge(f.kind(), value.apply(f), Double::sum);
        }
        sums.forEach((kind, v) -> cb.call(v, kind.wireName()));
    }

    private List<Finding> openFindings() {
        List<Finding> open = new ArrayList<>();
        for (String name : FINDING_STORES) {
            ReadOnlyKeyValueStore<String, FindingTracker.Tracked> store = state.keyValueStore(name);
            if (store != null) {
                open.addAll(FindingEmitter.published(store));
            }
        }
        return open;
    }

    /** {@code Kind/name} of the workload a finding is about, when it is about one. */
    private static String workloadOf(Finding f) {
        if (f.kind() == FindingKind.OVERPROVISIONED_CONTAINER) {
            ContainerRef c = ContainerRef.parse(f.resource());
            return c.workloadKind() + "/" + c.workloadName();
        }
        return "";
    }

    // ------------------------------------------------------------------ costs

    private void registerCosts(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("reclaimer_namespace_cost_hourly_usd")
                .help("Average hourly cost allocated to a namespace over the allocation window, idle share included")
                .labelNames("cluster", "namespace")
                .callback(cb -> namespaces(a -> cb.call(a.hourlyUsd(), a.cluster(), a.namespace()))).register(registry);
        GaugeWithCallback.builder().name("reclaimer_namespace_cost_monthly_usd")
                .help("Cost allocated to a namespace, projected over a month of 730 hours")
                .labelNames("cluster", "namespace")
                .callback(cb -> namespaces(a -> cb.call(a.monthlyUsd(), a.cluster(), a.namespace()))).register(registry);
        reconciliationGauge(registry, "reclaimer_reconciliation_estimated_usd",
                "Reclaimer's estimate of the cluster's cost on the latest invoiced day", CostReconciliation::estimatedUsd);
        reconciliationGauge(registry, "reclaimer_reconciliation_invoiced_usd",
                "What Cost Explorer invoiced for the cluster's tag on the latest invoiced day", CostReconciliation::invoicedUsd);
        reconciliationGauge(registry, "reclaimer_reconciliation_delta_usd",
                "Invoice minus estimate on the latest invoiced day (what the estimate misses)", CostReconciliation::deltaUsd);
        reconciliationGauge(registry, "reclaimer_reconciliation_day_timestamp_seconds",
                "Start (UTC) of the latest invoiced day the reconciliation gauges describe",
                r -> (double) r.date().atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }

    private void namespaces(Consumer<CostAllocation> action) {
        ReadOnlyKeyValueStore<String, ClusterLedger.Publication> store = state.keyValueStore(CostAllocationFeature.PUBLISHED_STORE);
        if (store == null) {
            return;
        }
        for (CostAllocation a : CostAllocationFeature.published(store)) {
            if (a.level() == CostAllocation.Level.NAMESPACE) {
                action.accept(a);
            }
        }
    }

    private void reconciliationGauge(PrometheusRegistry registry, String name, String help,
                                     Function<CostReconciliation, Double> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("cluster").callback(cb -> {
            ReadOnlyKeyValueStore<String, ClusterLedger.Publication> store =
                    state.keyValueStore(CostAllocationFeature.PUBLISHED_STORE);
            if (store == null) {
                return;
            }
            Map<String, CostReconciliation> latest = new TreeMap<>();
            for (CostReconciliation r : CostAllocationFeature.reconciliations(store)) {
                if (r.invoicedUsd() != null) {
                    latest.merge(r.cluster(), r, (a, b) -> a.date().isAfter(b.date()) ? a : b);
                }
            }
            latest.forEach((cluster, r) -> {
                Double v = value.apply(r);
                if (v != null) {
                    cb.call(v, cluster);
                }
            });
        }).register(registry);
    }

    // ------------------------------------------------------------------ health

    private void registerHealth(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("reclaimer_streams_up")
                .help("1 while the analysis is running, 0 while it starts, rebalances, has failed or its stream threads keep failing")
                .callback(cb -> cb.call(state.up() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("reclaimer_streams_consumer_lag_records")
                .help("Records the analysis has yet to read, summed over the partitions of each input topic it owns")
                .labelNames("topic")
                .callback(cb -> kafkaSums("consumer-fetch-manager-metrics", "records-lag", "topic")
                        .forEach((topic, lag) -> cb.call(lag, topic))).register(registry);
        CounterWithCallback.builder().name("reclaimer_streams_records_processed")
                .help("Records processed by the analysis' stream threads since start-up; rate() is the processing rate")
                .callback(cb -> cb.call(kafkaSums("stream-thread-metrics", "process-total", null).getOrDefault("", 0.0)))
                .register(registry);
        GaugeWithCallback.builder().name("reclaimer_streams_process_records_per_second")
                .help("Records processed per second, as Kafka Streams measures it over its own sampling window")
                .callback(cb -> cb.call(kafkaSums("stream-thread-metrics", "process-rate", null).getOrDefault("", 0.0)))
                .register(registry);
        CounterWithCallback.builder().name("reclaimer_dead_letters")
                .help("Records that could not be read or processed and went to the dead-letter topic, since start-up")
                .callback(cb -> cb.call(DeadLetterExceptionHandler.count())).register(registry);
        CounterWithCallback.builder().name("reclaimer_usage_late_samples")
                .help("Usage samples that arrived after their hour had closed and were not counted")
                .callback(cb -> cb.call(HourlyUsage.lateSamples())).register(registry);
        CounterWithCallback.builder().name("reclaimer_allocation_late_charges")
                .help("Container-hours that arrived for hours beyond the allocation retention and were not counted")
                .callback(cb -> cb.call(CostAllocationFeature.lateCharges())).register(registry);
    }

    /** A Kafka client metric summed, grouped by one of its tags (or all together under "" when none). */
    private Map<String, Double> kafkaSums(String group, String name, String byTag) {
        Map<String, Double> sums = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : state.kafkaMetrics().entrySet()) {
            MetricName n = e.getKey();
            if (!n.group().equals(group) || !n.name().equals(name)) {
                continue;
            }
            if (byTag != null && !n.tags().containsKey(byTag)) {
                continue; // the per-client roll-up, not a per-topic figure
            }
            Object value = e.getValue().metricValue();
            if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                sums.merge(byTag == null ? "" : n.tags().get(byTag), number.doubleValue(), Double::sum);
            }
        }
        return sums;
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

}
