package io.reclaimer.streams.consolidation;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.Map;

/**
 * What node-pool consolidation keeps of its inputs, small enough to travel on its repartition topic and sit in
 * its stores: a node's allocatable, pod capacity and price; a container's requests and replicas; a
 * recommendation's targets. Stored as JSON.
 */
final class PoolItems {

    /** Pod capacity assumed when the kubelet reports none (its default {@code maxPods}). */
    static final int DEFAULT_MAX_PODS = 110;

    private PoolItems() {
    }

    /** A node of a pool: allocatable (capacity when none is reported), pod capacity, price and architecture. */
    public record PoolNode(String name, String instanceType, String region, String capacityType, double cpuCores,
                           double memoryBytes, double gpus, int maxPods, double hourlyUsd, String priceSource,
                           boolean arm64, @AddedLater("issue 16: the zone, for spot prices") String zone) {

        public PoolNode {
            zone = zone == null ? "" : zone;
        }

        public PoolNode(String name, String instanceType, String region, String capacityType, double cpuCores,
                        double memoryBytes, double gpus, int maxPods, double hourlyUsd, String priceSource,
                        boolean arm64) {
            this(name, instanceType, region, capacityType, cpuCores, memoryBytes, gpus, maxPods, hourlyUsd, priceSource,
                    arm64, "");
        }

        static PoolNode of(NodeInfo node) {
            ResourceAmounts alloc = node.allocatable();
            ResourceAmounts cap = node.capacity();
            double cpu = alloc.cpuCores() != null ? alloc.cpuCores() : cap.cpuCores() != null ? cap.cpuCores() : 0;
            double memory = alloc.memoryBytes() != null ? alloc.memoryBytes() : cap.memoryBytes() != null ? cap.memoryBytes() : 0;
            Integer pods = alloc.pods() != null ? alloc.pods() : cap.pods();
            return new PoolNode(node.ref().name(), node.instanceType(), node.region(), node.capacityType().name(), cpu,
                    memory, Math.max(alloc.gpus(), cap.gpus()), pods == null ? DEFAULT_MAX_PODS : pods, node.hourlyUsd(),
                    node.priceSource(), "arm64".equals(node.labels().get("kubernetes.io/arch")), node.zone());
        }
    }

    /** One container of a workload: the workload it belongs to, its kind, replicas and requests per pod. */
    public record PoolContainer(String workload, String workloadKind, int replicas, double cpuCores,
                                double memoryBytes, double gpus,
                                @AddedLater("issue 16: running pods per node, empty when unknown")
                                Map<String, Integer> podsByNode) {

        public PoolContainer {
            podsByNode = podsByNode == null ? Map.of() : Map.copyOf(podsByNode);
        }

        public PoolContainer(String workload, String workloadKind, int replicas, double cpuCores, double memoryBytes,
                             double gpus) {
            this(workload, workloadKind, replicas, cpuCores, memoryBytes, gpus, null);
        }

        /** The namespace of the workload ({@code namespace/kind/name}). */
        String namespace() {
            return workload.substring(0, workload.indexOf('/'));
        }

        static PoolContainer of(WorkloadContainerSpec spec) {
            ContainerRef c = spec.container();
            ResourceAmounts r = spec.requests();
            return new PoolContainer(c.namespace() + "/" + c.workloadKind() + "/" + c.workloadName(), c.workloadKind(),
                    spec.replicas(), r.cpuCores() == null ? 0 : r.cpuCores(), r.memoryBytes() == null ? 0 : r.memoryBytes(),
                    r.gpus(), spec.podsByNode());
        }
    }

    /** A container's recommended requests (the rightsizing target). */
    public record Recommended(double cpuCores, double memoryBytes) {
    }

    /** One item in the pool store: a node or a container. */
    public record PoolItem(PoolNode node, PoolContainer container) {
    }

    /**
     * A change on the repartition topic (keyed by cluster): an item's new state, or its removal when both
     * {@code node} and {@code container} (and the recommendation) are null. {@code pool} is empty when the item
     * belongs to no known pool; {@code at} is the event time of the change.
     */
    public record PoolChange(Type type, String itemKey, String cluster, String pool, PoolNode node,
                             PoolContainer container, Recommended recommended, Instant at,
                             @AddedLater("issue 16: a namespace's environment, null when deleted or not a namespace")
                             Boolean nonProduction) {
        public enum Type { NODE, CONTAINER, RECOMMENDATION, NAMESPACE }

        public PoolChange(Type type, String itemKey, String cluster, String pool, PoolNode node, PoolContainer container,
                          Recommended recommended, Instant at) {
            this(type, itemKey, cluster, pool, node, container, recommended, at, null);
        }
    }
}
