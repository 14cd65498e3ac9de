package io.reclaimer.streams.metrics;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.deadletter.DeadLetterExceptionHandler;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.allocation.ClusterLedger;
import io.reclaimer.streams.allocation.CostAllocationFeature;
import io.reclaimer.streams.usage.HourlyUsage;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The analysis on {@code /metrics}: rightsizing and savings per cluster, namespace, top workloads and top containers,
 * waste findings by namespace and kind, allocated cost by namespace, the estimate against the invoice, and the
 * pipeline's health. Every metric is documented in {@code docs/metrics.md}.
 *
 * <p>Rightsizing and findings are exported from {@link LiveAggregates}, which the processors keep up to date as
 * records flow, per task: a scrape never scans a state store for them, and their series are bounded by clusters,
 * namespaces and the configured top-N, never by containers ({@link MetricsConfig}). Costs and reconciliations read the
 * per-cluster publication store at scrape time (one entry per cluster). Each instance exports the tasks it owns: with
 * several instances aggregate with {@code sum by (...)} across instances; the top-N are per instance.
 */
public final class AnalysisMetrics {

    private static final String[] CONTAINER = {"cluster", "namespace", "workload_kind", "workload", "container"};

    private final StateAccess state;
    private final MetricsConfig config;

    private AnalysisMetrics(StateAccess state, MetricsConfig config) {
        this.state = state;
        this.config = config;
    }

    /** Registers every metric of a running analysis service, with the default per-container series. */
    public static AnalysisMetrics register(PrometheusRegistry registry, AnalysisService service) {
        return register(registry, StateAccess.of(service), MetricsConfig.DEFAULTS);
    }

    public static AnalysisMetrics register(PrometheusRegistry registry, AnalysisService service, MetricsConfig config) {
        return register(registry, StateAccess.of(service), config);
    }

    public static AnalysisMetrics register(PrometheusRegistry registry, StateAccess state) {
        return register(registry, state, MetricsConfig.DEFAULTS);
    }

    public static AnalysisMetrics register(PrometheusRegistry registry, StateAccess state, MetricsConfig config) {
        AnalysisMetrics metrics = new AnalysisMetrics(state, config);
        metrics.registerRightsizing(registry);
        metrics.registerFindings(registry);
        metrics.registerCosts(registry);
        VerifiedSavingsGauges.register(registry, state);
        metrics.registerHealth(registry);
        return metrics;
    }

    // ------------------------------------------------------------------ rightsizing

    private void registerRightsizing(PrometheusRegistry registry) {
        clusterGauge(registry, "reclaimer_rightsizing_containers",
                "Containers with a current rightsizing recommendation", RightsizingTotals.COUNT);
        clusterGauge(registry, "reclaimer_rightsizing_cpu_request_cores",
                "CPU requested per pod, summed over the containers that set a CPU request", RightsizingTotals.CPU_REQUEST);
        clusterGauge(registry, "reclaimer_rightsizing_cpu_recommendation_cores",
                "CPU recommended per pod, summed over the same containers as the request", RightsizingTotals.CPU_TARGET);
        clusterGauge(registry, "reclaimer_rightsizing_memory_request_bytes",
                "Memory requested per pod, summed over the containers that set a memory request",
                RightsizingTotals.MEMORY_REQUEST);
        clusterGauge(registry, "reclaimer_rightsizing_memory_recommendation_bytes",
                "Memory recommended per pod, summed over the same containers as the request",
                RightsizingTotals.MEMORY_TARGET);
        GaugeWithCallback.builder().name("reclaimer_namespace_recommended_savings_monthly_usd")
                .help("Monthly USD saved by applying every rightsizing recommendation of a namespace (positive savings only)")
                .labelNames("cluster", "namespace")
                .callback(cb -> state.aggregates().instance().namespaces((key, usd) -> {
                    int slash = key.indexOf('/');
                    cb.call(usd, key.substring(0, slash), key.substring(slash + 1));
                })).register(registry);
        GaugeWithCallback.builder().name("reclaimer_recommended_savings_monthly_usd")
                .help("Monthly USD saved by applying the rightsizing recommendations of a workload (positive savings only), "
                        + "for the workloads with the most savings (analysis.metrics.topWorkloads)")
                .labelNames("cluster", "namespace", "workload_kind", "workload")
                .callback(cb -> state.aggregates().instance().topWorkloads(config.topWorkloads(), (key, usd) -> {
                    String[] w = key.split("/", 4);
                    cb.call(usd, w[0], w[1], w[2], w[3]);
                })).register(registry);
        containerGauge(registry, "reclaimer_container_savings_monthly_usd",
                "Monthly USD saved by applying the container's recommendation", Contribution::savingsUsd);
        containerGauge(registry, "reclaimer_container_cpu_request_cores",
                "CPU the container requests per pod, as the recommendation saw it", Contribution::cpuRequestCores);
        containerGauge(registry, "reclaimer_container_cpu_recommendation_cores",
                "CPU the container should request per pod", Contribution::cpuTargetCores);
        containerGauge(registry, "reclaimer_container_memory_request_bytes",
                "Memory the container requests per pod", Contribution::memoryRequestBytes);
        containerGauge(registry, "reclaimer_container_memory_recommendation_bytes",
                "Memory the container should request per pod", Contribution::memoryTargetBytes);
    }

    private void clusterGauge(PrometheusRegistry registry, String name, String help, int index) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("cluster").callback(cb ->
                state.aggregates().instance().clusters((cluster, v) -> cb.call(v[index], cluster))).register(registry);
    }

    /**
     * A per-container gauge, for the containers with the most savings only (analysis.metrics.topContainers, or up to
     * {@link MetricsConfig#MAX_CONTAINER_SERIES} with perContainer): the ranking is kept as recommendations change.
     */
    private void containerGauge(PrometheusRegistry registry, String name, String help, ToDoubleFunction<Contribution> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(CONTAINER).callback(cb -> {
            for (RightsizingTotals.Ranked r : topContainers()) {
                double v = value.applyAsDouble(r.contribution());
                if (!Double.isNaN(v)) {
                    ContainerRef c = ContainerRef.parse(r.key());
                    cb.call(v, c.cluster(), c.namespace(), c.workloadKind(), c.workloadName(), c.container());
                }
            }
        }).register(registry);
    }

    private List<RightsizingTotals.Ranked> topContainers() {
        int n = config.containerSeries();
        List<RightsizingTotals.Ranked> all = new ArrayList<>();
        state.aggregates().rightsizing().forEach(t -> t.topInto(n, all::add));
        all.sort(RightsizingTotals.BY_SAVINGS_DESCENDING);
        return all.size() > n ? all.subList(0, n) : all;
    }

    // ------------------------------------------------------------------ findings

    private void registerFindings(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("reclaimer_waste_monthly_usd")
                .help("Monthly USD of the open findings, by cluster, namespace and kind")
                .labelNames("cluster", "namespace", "kind")
                .callback(cb -> {
                    Map<List<String>, Double> sums = new HashMap<>();
                    state.aggregates().findings().forEach(t -> t.byNamespaceInto(sums));
                    sums.forEach((labels, usd) -> cb.call(usd, labels.toArray(String[]::new)));
                }).register(registry);
        GaugeWithCallback.builder().name("reclaimer_open_findings")
                .help("Findings currently open, by kind").labelNames("kind")
                .callback(cb -> byKind(cb, 0)).register(registry);
        GaugeWithCallback.builder().name("reclaimer_open_findings_monthly_usd")
                .help("Monthly USD of the findings currently open, by kind").labelNames("kind")
                .callback(cb -> byKind(cb, 1)).register(registry);
    }

    private void byKind(GaugeWithCallback.Callback cb, int index) {
        if (!state.running()) {
            return;
        }
        Map<FindingKind, double[]> sums = new TreeMap<>();
        for (FindingKind kind : FindingKind.values()) {
            sums.put(kind, new double[2]); // every kind exported, so "none open" is a 0 rather than a missing series
        }
        state.aggregates().findings().forEach(t -> t.byKindInto(sums));
        sums.forEach((kind, v) -> cb.call(v[index], kind.wireName()));
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
        registry.register(new StreamsClientMetrics(state::kafkaMetrics));
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
