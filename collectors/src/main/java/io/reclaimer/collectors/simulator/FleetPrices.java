package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated fleet priced once, as the Kubernetes collector prices real nodes: every node as a {@link NodeInfo},
 * the average unit prices of each node pool (and of the whole cluster, pool ""), and each cluster's nodes per hour
 * (what the simulated invoice bills).
 */
final class FleetPrices {

    private final Map<String, UnitPrices> poolPrices = new HashMap<>();
    private final Map<String, NodeInfo> nodeInfos = new HashMap<>();
    private final Map<String, Double> clusterNodesHourly = new HashMap<>();

    FleetPrices(SimFleet fleet, NodePricer pricer, Instant observedAt) {
        for (SimFleet.Cluster cluster : fleet.clusters()) {
            Map<String, List<UnitPrices>> byPool = new HashMap<>();
            double hourly = 0;
            for (SimFleet.Node node : cluster.nodes()) {
                NodePricer.NodePrice price = pricer.price(node.instanceType(), cluster.region(), node.capacityType(),
                        node.cpuCores(), node.memoryBytes());
                hourly += price.hourlyUsd();
                byPool.computeIfAbsent(node.pool(), p -> new ArrayList<>()).add(price.unitPrices());
                byPool.computeIfAbsent("", p -> new ArrayList<>()).add(price.unitPrices());
                nodeInfos.put(cluster.id() + "/" + node.name(), new NodeInfo(
                        ObjectRef.clusterScoped(cluster.id(), "Node", node.name()), node.instanceType(), cluster.region(),
                        node.zone(), node.capacityType(), node.pool(), new ResourceAmounts(node.cpuCores(), node.memoryBytes()),
                        new ResourceAmounts(node.cpuCores() - 0.08, node.memoryBytes() - (700L << 20)), price.hourlyUsd(),
                        price.unitPrices(), price.source(), nodeLabels(node, cluster.region()), observedAt));
            }
            clusterNodesHourly.put(cluster.id(), hourly);
            byPool.forEach((pool, prices) -> poolPrices.put(cluster.id() + "/" + pool, average(prices)));
        }
    }

    /** The node as priced at the simulation's start. */
    NodeInfo node(SimFleet.Cluster cluster, SimFleet.Node node) {
        return nodeInfos.get(cluster.id() + "/" + node.name());
    }

    /** The average unit prices of the pool's nodes ("" for the whole cluster). */
    UnitPrices pool(SimFleet.Cluster cluster, String pool) {
        return poolPrices.get(cluster.id() + "/" + pool);
    }

    /** What the cluster's nodes cost per hour, in dollars. */
    double nodesHourlyUsd(SimFleet.Cluster cluster) {
        return clusterNodesHourly.get(cluster.id());
    }

    private static Map<String, String> nodeLabels(SimFleet.Node node, String region) {
        return Map.of("node.kubernetes.io/instance-type", node.instanceType(), "topology.kubernetes.io/region", region,
                "topology.kubernetes.io/zone", node.zone(), "karpenter.sh/nodepool", node.pool(),
                "karpenter.sh/capacity-type", node.capacityType() == NodeInfo.CapacityType.SPOT ? "spot" : "on-demand");
    }

    private static UnitPrices average(List<UnitPrices> prices) {
        return new UnitPrices(prices.stream().mapToDouble(UnitPrices::cpuUsdPerCoreHour).average().orElse(0),
                prices.stream().mapToDouble(UnitPrices::memoryUsdPerGibHour).average().orElse(0));
    }
}
