package io.reclaimer.streams.consolidation;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.streams.consolidation.NodePoolPacker.Node;
import io.reclaimer.streams.consolidation.NodePoolPacker.Overhead;
import io.reclaimer.streams.consolidation.NodePoolPacker.Plan;
import io.reclaimer.streams.consolidation.NodePoolPacker.Pod;
import io.reclaimer.streams.consolidation.NodePoolPacker.Taint;
import io.reclaimer.streams.consolidation.NodePoolPacker.Toleration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NodePoolPackerTest {

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final Overhead DAEMONS = new Overhead(0.2, 0.5 * GIB, 3);

    private static Node node(String name, double cpu, double gib, double usd) {
        return new Node(name, cpu, gib * GIB, 29, Map.of("pool", "general"), List.of(), usd);
    }

    private static Pod pod(String name, double cpu, double gib, String on) {
        return new Pod(name, cpu, gib * GIB, Map.of(), List.of(), on, true);
    }

    @Test
    void fourHalfEmptyNodesPackIntoTwoAndTheOtherTwoAreRemovableNodeHours() {
        List<Node> nodes = List.of(node("a", 4, 16, 0.192), node("b", 4, 16, 0.192), node("c", 4, 16, 0.192),
                node("d", 4, 16, 0.192));
        List<Pod> pods = new ArrayList<>();
        for (String n : List.of("a", "b", "c", "d")) {
            pods.add(pod(n + "-1", 0.9, 3, n));
            pods.add(pod(n + "-2", 0.8, 3, n));
        }
        Plan plan = NodePoolPacker.pack(nodes, pods, DAEMONS);
        assertThat(plan.packed()).isTrue();
        // each node takes 4 of them: 0.2 + 0.9 + 0.9 + 0.8 + 0.8 = 3.6 cores, 0.5 + 12 = 12.5 GiB
        assertThat(plan.kept()).hasSize(2);
        assertThat(plan.removable()).hasSize(2);
        assertThat(plan.removableUsdPerHour() * 730).isEqualTo(2 * 0.192 * 730);
    }

    @Test
    void aPodThatCannotMoveKeepsItsNodeAndATaintedNodeTakesOnlyTolerantPods() {
        Node tainted = new Node("gpu", 8, 32 * GIB, 29, Map.of("pool", "general"),
                List.of(new Taint("nvidia.com/gpu", "", "NoSchedule")), 1.0);
        List<Node> nodes = List.of(node("a", 4, 16, 0.192), node("b", 4, 16, 0.192), tainted);
        Pod local = new Pod("cache-0", 0.5, GIB, Map.of(), List.of(), "b", false);
        Pod tolerant = new Pod("trainer", 1, 4 * GIB, Map.of(), List.of(new Toleration("nvidia.com/gpu", "Exists", null,
                "NoSchedule")), "gpu", true);
        Plan plan = NodePoolPacker.pack(nodes, List.of(pod("web-1", 0.5, 1, "a"), pod("web-2", 0.5, 1, "gpu"), local,
                tolerant), DAEMONS);
        assertThat(plan.placement()).containsEntry("cache-0", "b");
        assertThat(plan.kept()).extracting(Node::name).contains("b");
        assertThat(plan.placement().get("web-2")).isNotEqualTo("gpu");
        // the intolerant pods go to b (already kept); a is removable, and so is gpu only if the trainer fits elsewhere
        assertThat(plan.removable()).extracting(Node::name).contains("a");
    }

    @Test
    void whenFirstFitCannotPlaceEveryPodTodaysPlacementStands() {
        List<Node> nodes = List.of(node("a", 2, 8, 0.096), node("b", 2, 8, 0.096));
        // recommended requests grew past what any node holds
        Plan plan = NodePoolPacker.pack(nodes, List.of(pod("big", 3, 2, "a")), Overhead.NONE);
        assertThat(plan.packed()).isFalse();
        assertThat(plan.removable()).isEmpty();
        assertThat(plan.placement()).containsEntry("big", "a");
    }

    /** A random pool whose current placement is feasible, with selectors, taints, tolerations and pinned pods. */
    private static List<Object> pool(long seed, int nodeCount) {
        Random random = new Random(seed);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            double cpu = 2 << random.nextInt(3);
            Map<String, String> labels = Map.of("zone", random.nextBoolean() ? "a" : "b");
            List<Taint> taints = random.nextInt(4) == 0 ? List.of(new Taint("dedicated", "batch", "NoSchedule")) : List.of();
            nodes.add(new Node("n" + i, cpu, cpu * 4 * GIB, 10 + random.nextInt(20), labels, taints, cpu * 0.048));
        }
        List<Pod> pods = new ArrayList<>();
        for (Node n : nodes) {
            double cpuLeft = n.cpuCores() - DAEMONS.cpuCores();
            double memLeft = n.memoryBytes() - DAEMONS.memoryBytes();
            int slots = n.maxPods() - DAEMONS.pods();
            int count = random.nextInt(6);
            for (int j = 0; j < count && slots > 0; j++) {
                double cpu = Math.min(cpuLeft, 0.1 + random.nextDouble() * 1.5);
                double mem = Math.min(memLeft, (0.2 + random.nextDouble() * 4) * GIB);
                if (cpu <= 0 || mem <= 0) {
                    break;
                }
                cpuLeft -= cpu;
                memLeft -= mem;
                slots--;
                Map<String, String> selector = random.nextInt(3) == 0 ? Map.of("zone", n.labels().get("zone")) : Map.of();
                List<Toleration> tolerations = n.taints().isEmpty() && random.nextBoolean() ? List.of()
                        : List.of(new Toleration("dedicated", "Equal", "batch", "NoSchedule"));
                pods.add(new Pod(n.name() + "-p" + j, cpu, mem, selector, tolerations, n.name(), random.nextInt(6) != 0));
            }
        }
        return List.of(nodes, pods);
    }

    @SuppressWarnings("unchecked")
    @Property(tries = 300)
    void neverMoreNodesThanTodayEveryMovablePodPlacedAndEveryConstraintRespected(@ForAll long seed,
                                                                                 @ForAll @IntRange(min = 1, max = 9) int nodeCount) {
        List<Object> pool = pool(seed, nodeCount);
        List<Node> nodes = (List<Node>) pool.get(0);
        List<Pod> pods = (List<Pod>) pool.get(1);
        Plan plan = NodePoolPacker.pack(nodes, pods, DAEMONS);

        assertThat(plan.kept().size()).isLessThanOrEqualTo(nodes.size());
        assertThat(plan.kept().size() + plan.removable().size()).isEqualTo(nodes.size());
        Map<String, Node> byName = new HashMap<>();
        plan.kept().forEach(n -> byName.put(n.name(), n));
        Map<String, double[]> used = new HashMap<>();
        for (Pod pod : pods) {
            String on = plan.placement().get(pod.name());
            assertThat(on).as("placement of " + pod.name()).isNotNull();
            assertThat(byName).as(pod.name() + " is on a kept node").containsKey(on);
            if (!pod.movable()) {
                assertThat(on).isEqualTo(pod.currentNode());
            }
            assertThat(pod.fitsConstraintsOf(byName.get(on))).as(pod.name() + " selector and taints on " + on).isTrue();
            double[] u = used.computeIfAbsent(on, k -> new double[3]);
            u[0] += pod.cpuCores();
            u[1] += pod.memoryBytes();
            u[2]++;
        }
        used.forEach((name, u) -> {
            Node n = byName.get(name);
            assertThat(u[0] + DAEMONS.cpuCores()).isLessThanOrEqualTo(n.cpuCores() + 1e-6);
            assertThat(u[1] + DAEMONS.memoryBytes()).isLessThanOrEqualTo(n.memoryBytes() + 1);
            assertThat(u[2] + DAEMONS.pods()).isLessThanOrEqualTo(n.maxPods());
        });
    }
}
