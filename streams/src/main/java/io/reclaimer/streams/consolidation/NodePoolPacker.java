package io.reclaimer.streams.consolidation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many of a node pool's nodes its pods need, at their recommended requests: first-fit decreasing over the
 * nodes' allocatable less the DaemonSet overhead every node carries, within each node's pod capacity, honouring
 * nodeSelectors and taints (NoSchedule / NoExecute need a matching toleration), and leaving the pods that cannot
 * move (local storage, blocked by a PodDisruptionBudget) where they are. Pure: values in, a plan out.
 *
 * <p>Nodes holding pods that cannot move are kept and filled first; the other nodes are opened cheapest capacity
 * first (most cores and GiB per dollar), so what is left over, the removable nodes, is the dearest capacity. When
 * first-fit cannot place every movable pod (fragmentation, constraints), the plan is today's placement: never
 * more nodes than today, and no removal that has not been shown to fit.
 */
final class NodePoolPacker {

    private NodePoolPacker() {
    }

    /** A taint; {@code PreferNoSchedule} taints do not constrain placement. */
    public record Taint(String key, String value, String effect) {
        boolean constrains() {
            return "NoSchedule".equals(effect) || "NoExecute".equals(effect);
        }
    }

    /** A toleration: {@code Exists} matches any value, {@code Equal} (the default) the value; an empty key with Exists tolerates everything. */
    public record Toleration(String key, String operator, String value, String effect) {
        boolean tolerates(Taint taint) {
            boolean keyMatches = key == null || key.isEmpty() ? "Exists".equals(operator) : key.equals(taint.key());
            boolean valueMatches = "Exists".equals(operator) || java.util.Objects.equals(value == null ? "" : value,
                    taint.value() == null ? "" : taint.value());
            boolean effectMatches = effect == null || effect.isEmpty() || effect.equals(taint.effect());
            return keyMatches && valueMatches && effectMatches;
        }
    }

    /** A node of the pool: allocatable capacity, pod capacity, labels, taints and hourly price. */
    public record Node(String name, double cpuCores, double memoryBytes, int maxPods, Map<String, String> labels,
                       List<Taint> taints, double hourlyUsd) {
        public Node {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            taints = taints == null ? List.of() : List.copyOf(taints);
        }
    }

    /**
     * A pod at its recommended requests. {@code currentNode} is where it runs now; {@code movable} false pins it
     * there (local storage, PDB with no disruption allowed).
     */
    public record Pod(String name, double cpuCores, double memoryBytes, Map<String, String> nodeSelector,
                      List<Toleration> tolerations, String currentNode, boolean movable) {
        public Pod {
            nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
            tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        }

        boolean fitsConstraintsOf(Node node) {
            for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
                if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                    return false;
                }
            }
            for (Taint taint : node.taints()) {
                if (taint.constrains() && tolerations.stream().noneMatch(t -> t.tolerates(taint))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What every node carries whatever is packed on it: the DaemonSets' requests and pods. */
    public record Overhead(double cpuCores, double memoryBytes, int pods) {
        public static final Overhead NONE = new Overhead(0, 0, 0);
    }

    /**
     * The outcome: nodes kept and removable, where each pod goes, and whether the packing succeeded (false: today's
     * placement was returned).
     */
    public record Plan(List<Node> kept, List<Node> removable, Map<String, String> placement, boolean packed) {
        public double removableUsdPerHour() {
            return removable.stream().mapToDouble(Node::hourlyUsd).sum();
        }
    }

    public static Plan pack(List<Node> nodes, List<Pod> pods, Overhead overhead) {
        Map<String, Bin> bins = new LinkedHashMap<>();
        List<Node> order = new ArrayList<>(nodes);
        Set<String> pinnedNodes = new java.util.HashSet<>();
        pods.stream().filter(p -> !p.movable()).forEach(p -> pinnedNodes.add(p.currentNode()));
        // pinned nodes first (they stay anyway), then the cheapest capacity, so the dearest is what is left over
        order.sort(Comparator.comparing((Node n) -> !pinnedNodes.contains(n.name()))
                .thenComparing(Comparator.comparingDouble(NodePoolPacker::capacityPerDollar).reversed())
                .thenComparing(Node::name));
        for (Node node : order) {
            bins.put(node.name(), new Bin(node, overhead));
        }
        Map<String, String> placement = new HashMap<>();
        for (Pod pod : pods) {
            if (!pod.movable()) {
                Bin bin = bins.get(pod.currentNode());
                if (bin == null) {
                    return today(nodes, pods);
                }
                bin.add(pod);
                placement.put(pod.name(), pod.currentNode());
            }
        }
        List<Pod> movable = new ArrayList<>(pods.stream().filter(Pod::movable).toList());
        double maxCpu = nodes.stream().mapToDouble(Node::cpuCores).max().orElse(1);
        double maxMemory = nodes.stream().mapToDouble(Node::memoryBytes).max().orElse(1);
        movable.sort(Comparator.comparingDouble((Pod p) -> Math.max(p.cpuCores() / maxCpu, p.memoryBytes() / maxMemory))
                .reversed().thenComparing(Pod::name));
        for (Pod pod : movable) {
            Bin target = null;
            for (Bin bin : bins.values()) {
                if (bin.fits(pod)) {
                    target = bin;
                    break;
                }
            }
            if (target == null) {
                return today(nodes, pods);
            }
            target.add(pod);
            placement.put(pod.name(), target.node.name());
        }
        List<Node> kept = new ArrayList<>();
        List<Node> removable = new ArrayList<>();
        for (Bin bin : bins.values()) {
            (bin.pods > 0 || pinnedNodes.contains(bin.node.name()) ? kept : removable).add(bin.node);
        }
        if (kept.isEmpty() && !nodes.isEmpty()) {
            // an empty pool still keeps one node: removing a pool is a different decision
            kept.add(removable.remove(0));
        }
        return new Plan(kept, removable, placement, true);
    }

    private static Plan today(List<Node> nodes, List<Pod> pods) {
        Map<String, String> placement = new HashMap<>();
        pods.forEach(p -> placement.put(p.name(), p.currentNode()));
        return new Plan(List.copyOf(nodes), List.of(), placement, false);
    }

    private static double capacityPerDollar(Node node) {
        double gib = node.memoryBytes() / (1024.0 * 1024 * 1024);
        return node.hourlyUsd() <= 0 ? Double.MAX_VALUE : (node.cpuCores() + gib / 4) / node.hourlyUsd();
    }

    private static final class Bin {
        final Node node;
        double cpu;
        double memory;
        int pods;
        final Overhead overhead;

        Bin(Node node, Overhead overhead) {
            this.node = node;
            this.overhead = overhead;
        }

        boolean fits(Pod pod) {
            return pod.fitsConstraintsOf(node)
                    && cpu + pod.cpuCores() + overhead.cpuCores() <= node.cpuCores() + 1e-9
                    && memory + pod.memoryBytes() + overhead.memoryBytes() <= node.memoryBytes() + 1e-3
                    && pods + 1 + overhead.pods() <= node.maxPods();
        }

        void add(Pod pod) {
            cpu += pod.cpuCores();
            memory += pod.memoryBytes();
            pods++;
        }
    }
}
