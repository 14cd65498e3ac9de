package io.reclaimer.collectors.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pods of the simulated workloads: which run at an instant, under the names Kubernetes would give them, how many
 * an HPA would run, and on which node (the simulation has no scheduler: a pod goes to a node of its pool picked by
 * its name). Deterministic for the seed.
 */
final class SimulatedPods {

    private final long seed;

    SimulatedPods(long seed) {
        this.seed = seed;
    }

    /** Pods running at {@code t}, with the names Kubernetes would give them. */
    List<String> running(SimFleet.Cluster cluster, SimFleet.Workload workload, Instant t) {
        String name = workload.ref().name();
        String identity = workload.ref().namespace() + "/" + name;
        List<String> pods = new ArrayList<>();
        switch (workload.ref().kind()) {
            case "StatefulSet" -> {
                for (int i = 0; i < workload.replicas(); i++) {
                    pods.add(name + "-" + i);
                }
            }
            case "DaemonSet" -> {
                for (SimFleet.Node node : cluster.nodes()) {
                    pods.add(name + "-" + FleetGenerator.hex(seed, cluster.id(), node.name(), 5));
                }
            }
            case "CronJob" -> {
                // a Job runs one hour in six; its pod exists only while it runs
                long run = t.getEpochSecond() / 3600;
                if (run % 6 == 0) {
                    pods.add(name + "-" + (run * 60) + "-" + FleetGenerator.hex(seed, cluster.id(), identity + run, 5));
                }
            }
            default -> {
                String replicaSet = FleetGenerator.hex(seed, cluster.id(), identity + "/rs", 10);
                int count = workload.hpa() != null ? hpaCount(workload, t) : workload.replicas();
                for (int i = 0; i < count; i++) {
                    pods.add(name + "-" + replicaSet + "-" + FleetGenerator.hex(seed, cluster.id(), identity + "/pod" + i, 5));
                }
            }
        }
        return pods;
    }

    /** What an HPA on CPU would run: enough pods to keep the per-pod load near the base level. */
    int hpaCount(SimFleet.Workload workload, Instant t) {
        double load = workload.archetype().cpuFraction(t, 0, 0) * workload.replicas();
        return (int) Math.max(workload.hpa().minReplicas(), Math.min(workload.hpa().maxReplicas(), Math.ceil(load)));
    }

    /** With an HPA the total load is spread over however many pods it runs. */
    double hpaShare(SimFleet.Workload workload, int pods) {
        if (workload.hpa() == null || pods == 0) {
            return 1.0;
        }
        return (double) workload.replicas() / pods;
    }

    /**
     * Where the workload's pods run at {@code t}: a DaemonSet's on every node, the others on a node of their pool
     * picked by the pod's name, as {@link SimulatedOpenCost} places them.
     */
    Map<String, Integer> placement(SimFleet.Cluster cluster, SimFleet.Workload workload, Instant t) {
        Map<String, Integer> byNode = new TreeMap<>();
        if ("DaemonSet".equals(workload.ref().kind())) {
            cluster.nodes().forEach(n -> byNode.put(n.name(), 1));
            return byNode;
        }
        List<SimFleet.Node> pool = cluster.nodes().stream().filter(n -> n.pool().equals(workload.pool())).toList();
        pool = pool.isEmpty() ? cluster.nodes() : pool;
        if (pool.isEmpty()) {
            return byNode;
        }
        for (String pod : running(cluster, workload, t)) {
            byNode.merge(pool.get(Math.floorMod(pod.hashCode(), pool.size())).name(), 1, Integer::sum);
        }
        return byNode;
    }
}
