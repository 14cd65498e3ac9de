package io.reclaimer.collectors.opencost;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The series OpenCost's cost model emits (its {@code CostModelMetricsEmitter}), with OpenCost's names, label
 * names and units, so dashboards and queries written for OpenCost work on Reclaimer's collector agent:
 * {@code node_total_hourly_cost}, {@code node_cpu_hourly_cost}, {@code node_ram_hourly_cost},
 * {@code node_gpu_hourly_cost}, {@code node_gpu_count}, {@code pv_hourly_cost}, {@code kubecost_load_balancer_cost},
 * {@code container_cpu_allocation}, {@code container_memory_allocation_bytes}, {@code container_gpu_allocation}.
 * Values are read at scrape time from the latest snapshot of each cluster the process is the agent of; like
 * OpenCost's, the series carry no cluster label (Prometheus adds one per scrape target).
 */
public final class OpenCostMetrics {

    static final String[] NODE_LABELS = {"instance", "node", "instance_type", "region", "provider_id", "arch", "uid"};
    static final String[] CONTAINER_LABELS = {"namespace", "pod", "container", "instance", "node", "uid"};
    static final String[] PV_LABELS = {"volumename", "persistentvolume", "provider_id", "uid"};
    static final String[] LB_LABELS = {"ingress_ip", "namespace", "service_name", "uid"};

    private final Map<String, OpenCostSnapshot> clusters = new ConcurrentHashMap<>();

    private OpenCostMetrics() {
    }

    public static OpenCostMetrics register(PrometheusRegistry registry) {
        OpenCostMetrics metrics = new OpenCostMetrics();
        metrics.node(registry, "node_total_hourly_cost", "Total node cost per hour", OpenCostSnapshot.Node::totalUsdPerHour);
        metrics.node(registry, "node_cpu_hourly_cost", "Hourly cost per vCPU on this node",
                OpenCostSnapshot.Node::cpuUsdPerCoreHour);
        metrics.node(registry, "node_ram_hourly_cost", "Hourly cost per GiB of memory on this node",
                OpenCostSnapshot.Node::ramUsdPerGibHour);
        metrics.node(registry, "node_gpu_hourly_cost", "Hourly cost per GPU on this node",
                OpenCostSnapshot.Node::gpuUsdPerGpuHour);
        metrics.node(registry, "node_gpu_count", "Number of GPUs available on this node", OpenCostSnapshot.Node::gpus);
        metrics.gauge(registry, "pv_hourly_cost", "Hourly cost per GiB of a persistent volume", PV_LABELS,
                OpenCostSnapshot::volumes, (v, set) -> set.accept(v.usdPerGibHour(),
                        new String[] {v.name(), v.name(), v.providerId(), v.uid()}));
        metrics.gauge(registry, "kubecost_load_balancer_cost", "Hourly cost of a load balancer", LB_LABELS,
                OpenCostSnapshot::loadBalancers, (lb, set) -> set.accept(lb.usdPerHour(),
                        new String[] {lb.ingressIp(), lb.namespace(), lb.serviceName(), lb.uid()}));
        metrics.container(registry, "container_cpu_allocation", "CPU cores allocated to the container: max(request, usage)",
                OpenCostSnapshot.Container::cpuCores);
        metrics.container(registry, "container_memory_allocation_bytes",
                "Bytes of memory allocated to the container: max(request, usage)", OpenCostSnapshot.Container::memoryBytes);
        metrics.container(registry, "container_gpu_allocation", "GPUs allocated to the container (its request)",
                OpenCostSnapshot.Container::gpus);
        return metrics;
    }

    /** The cluster's latest snapshot replaces its previous one (series of what is gone disappear). */
    public void update(String cluster, OpenCostSnapshot snapshot) {
        clusters.put(cluster, snapshot);
    }

    public void remove(String cluster) {
        clusters.remove(cluster);
    }

    private void node(PrometheusRegistry registry, String name, String help, ToDoubleFunction<OpenCostSnapshot.Node> value) {
        gauge(registry, name, help, NODE_LABELS, OpenCostSnapshot::nodes, (n, set) -> set.accept(value.applyAsDouble(n),
                new String[] {n.name(), n.name(), n.instanceType(), n.region(), n.providerId(), n.arch(), n.uid()}));
    }

    private void container(PrometheusRegistry registry, String name, String help,
                           ToDoubleFunction<OpenCostSnapshot.Container> value) {
        gauge(registry, name, help, CONTAINER_LABELS, OpenCostSnapshot::containers, (c, set) -> {
            double v = value.applyAsDouble(c);
            // OpenCost sets container_gpu_allocation only for containers that request GPUs
            if (!"container_gpu_allocation".equals(name) || v > 0) {
                set.accept(v, new String[] {c.namespace(), c.pod(), c.container(), c.node(), c.node(), c.podUid()});
            }
        });
    }

    private <T> void gauge(PrometheusRegistry registry, String name, String help, String[] labels,
                           Function<OpenCostSnapshot, java.util.List<T>> items,
                           BiConsumer<T, BiConsumer<Double, String[]>> emit) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback -> {
            for (OpenCostSnapshot snapshot : clusters.values()) {
                for (T item : items.apply(snapshot)) {
                    emit.accept(item, (value, labelValues) -> callback.call(value, labelValues));
                }
            }
        }).register(registry);
    }
}
