package io.reclaimer.collectors.opencost;

import java.util.List;

/**
 * What one cluster's agent exports in OpenCost's metric names and labels (see {@link OpenCostMetrics}): its nodes'
 * hourly prices and their CPU / RAM / GPU split, its persistent volumes' price per GiB-hour, its load balancers'
 * hourly price, and each running container's allocation. Pure data, rebuilt whenever the inventory is.
 */
public record OpenCostSnapshot(List<Node> nodes, List<Volume> volumes, List<LoadBalancer> loadBalancers,
                               List<Container> containers) {

    public static final OpenCostSnapshot EMPTY = new OpenCostSnapshot(List.of(), List.of(), List.of(), List.of());

    public OpenCostSnapshot {
        nodes = List.copyOf(nodes);
        volumes = List.copyOf(volumes);
        loadBalancers = List.copyOf(loadBalancers);
        containers = List.copyOf(containers);
    }

    /**
     * A node: OpenCost labels it {@code instance} and {@code node} (both the node name), {@code instance_type},
     * {@code region}, {@code provider_id}, {@code arch}, {@code uid}.
     *
     * @param cpuUsdPerCoreHour {@code node_cpu_hourly_cost}: per vCPU
     * @param ramUsdPerGibHour  {@code node_ram_hourly_cost}: per GiB
     * @param gpuUsdPerGpuHour  {@code node_gpu_hourly_cost}: per GPU (0 without GPUs)
     * @param totalUsdPerHour   {@code node_total_hourly_cost}
     */
    public record Node(String name, String instanceType, String region, String providerId, String arch, String uid,
                       double gpus, double cpuUsdPerCoreHour, double ramUsdPerGibHour, double gpuUsdPerGpuHour,
                       double totalUsdPerHour) {
    }

    /** {@code pv_hourly_cost}: the volume's price per GiB-hour, labelled {@code volumename}, {@code persistentvolume}, {@code provider_id}, {@code uid}. */
    public record Volume(String name, String providerId, String uid, double usdPerGibHour) {
    }

    /** {@code kubecost_load_balancer_cost}: hourly, labelled {@code ingress_ip}, {@code namespace}, {@code service_name}, {@code uid}. */
    public record LoadBalancer(String ingressIp, String namespace, String serviceName, String uid, double usdPerHour) {
    }

    /**
     * A running container's allocation, labelled {@code namespace}, {@code pod}, {@code container}, {@code instance}
     * and {@code node} (its node's name), {@code uid} (the pod's): cores and bytes are max(request, usage), GPUs the
     * request (a GPU is allocated whole).
     */
    public record Container(String namespace, String pod, String container, String node, String podUid, double cpuCores,
                            double memoryBytes, double gpus) {
    }
}
