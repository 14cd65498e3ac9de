package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.opencost.OpenCostSnapshot;
import io.reclaimer.model.kubernetes.NodeInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A simulated cluster in OpenCost's series as its collector agent would export them (the demo serves these): nodes
 * as priced, every workload's pods at the simulation's start placed on a node of their pool (spread by name, since
 * the simulation has no scheduler), requests as allocations, the PVs, and the LoadBalancer Services at a classic
 * ELB's hour.
 */
final class SimulatedOpenCost {

    private final long seed;
    private final SimFleet fleet;
    private final FleetPrices prices;
    private final SimulatedPods pods;
    private final Instant start;

    SimulatedOpenCost(long seed, SimFleet fleet, FleetPrices prices, SimulatedPods pods, Instant start) {
        this.seed = seed;
        this.fleet = fleet;
        this.prices = prices;
        this.pods = pods;
        this.start = start;
    }

    OpenCostSnapshot snapshot(String clusterId) {
        SimFleet.Cluster cluster = fleet.clusters().stream().filter(c -> c.id().equals(clusterId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated cluster " + clusterId));
        List<OpenCostSnapshot.Node> nodes = new ArrayList<>();
        Map<String, List<SimFleet.Node>> byPool = new HashMap<>();
        for (SimFleet.Node node : cluster.nodes()) {
            NodeInfo info = prices.node(cluster, node);
            String family = node.instanceType().contains(".") ? node.instanceType().substring(0, node.instanceType().indexOf('.'))
                    : node.instanceType();
            nodes.add(new OpenCostSnapshot.Node(node.name(), node.instanceType(),
                    cluster.region(), "aws:///" + node.zone() + "/" + node.instanceId(),
                    family.matches("[a-z]+\\d+g[a-z]*") ? "arm64" : "amd64", uid(cluster.id(), "node/" + node.name()),
                    info.capacity().gpus(), info.prices().cpuUsdPerCoreHour(), info.prices().memoryUsdPerGibHour(),
                    info.prices().gpuUsdPerGpuHourOrZero(), info.hourlyUsd()));
            byPool.computeIfAbsent(node.pool(), p -> new ArrayList<>()).add(node);
        }
        List<OpenCostSnapshot.Container> containers = new ArrayList<>();
        for (SimFleet.Workload workload : cluster.workloads()) {
            List<SimFleet.Node> pool = byPool.getOrDefault(workload.pool(), cluster.nodes());
            if (pool.isEmpty()) {
                continue;
            }
            for (String pod : pods.running(cluster, workload, start)) {
                SimFleet.Node node = pool.get(Math.floorMod(pod.hashCode(), pool.size()));
                for (SimFleet.Container c : workload.containers()) {
                    containers.add(new OpenCostSnapshot.Container(workload.ref().namespace(),
                            pod, c.name(), node.name(), uid(cluster.id(), "pod/" + pod),
                            c.requests().cpuCores() == null ? 0 : c.requests().cpuCores(),
                            c.requests().memoryBytes() == null ? 0 : c.requests().memoryBytes(), c.requests().gpus()));
                }
            }
        }
        List<OpenCostSnapshot.Volume> volumes = cluster.volumes().stream()
                .map(v -> new OpenCostSnapshot.Volume(v.name(), v.cloudVolumeId(),
                        uid(cluster.id(), "pv/" + v.name()), 0.08 / 730)).toList();
        List<OpenCostSnapshot.LoadBalancer> balancers = cluster.services().stream()
                .filter(s -> "LoadBalancer".equals(s.type()))
                .map(s -> new OpenCostSnapshot.LoadBalancer(s.hostname(), s.namespace(),
                        s.name(), uid(cluster.id(), "svc/" + s.namespace() + "/" + s.name()), 0.025)).toList();
        return new OpenCostSnapshot(nodes, volumes, balancers, containers);
    }

    /** A stable UUID-shaped id, as Kubernetes gives every object. */
    private String uid(String cluster, String what) {
        return UUID.nameUUIDFromBytes((seed + "/" + cluster + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
