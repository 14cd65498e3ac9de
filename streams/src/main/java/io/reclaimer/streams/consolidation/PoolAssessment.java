package io.reclaimer.streams.consolidation;

import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.streams.consolidation.PoolItems.PoolContainer;
import io.reclaimer.streams.consolidation.PoolItems.PoolNode;
import io.reclaimer.streams.consolidation.PoolItems.Recommended;
import io.reclaimer.streams.findings.Assessment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code node-pool-consolidation}, pure: a pool's nodes and workload containers in, an assessment out. The pods are
 * packed at their recommended requests (a container without a recommendation at its current requests) by
 * {@link NodePoolPacker}; DaemonSets are the overhead every node carries. The finding is the nodes the packing
 * leaves empty, priced at their node-hours; the evidence also says what packing at today's requests would free
 * (realizable now, without rightsizing anything) and the cheapest on-demand instance type for the pool's shape.
 *
 * <p>The workload events carry neither pod placement nor local storage nor PodDisruptionBudget state, nor the pods'
 * own nodeSelectors and tolerations: every pod counts as movable within its pool, and the pool is the only
 * placement constraint. A pool without any workload is never judged (its workloads may not have been read yet).
 */
final class PoolAssessment {

    static final String RESOURCE_KIND = "NodePool";

    private PoolAssessment() {
    }

    /** A container of the pool with its recommendation (null when it has none). */
    public record Member(PoolContainer container, Recommended recommended) {
    }

    public static String resourceKey(String cluster, String pool) {
        return ObjectRef.clusterScoped(cluster, RESOURCE_KIND, pool).key();
    }

    public static Assessment assess(String cluster, String pool, List<PoolNode> nodes, List<Member> members,
                                    List<CheapestShape.Candidate> candidates, Instant now) {
        String resource = resourceKey(cluster, pool);
        if (nodes.isEmpty()) {
            return Assessment.gone(FindingKind.NODE_POOL_CONSOLIDATION, resource);
        }
        Demand recommended = demand(members, true);
        Demand current = demand(members, false);
        if (recommended.pods.isEmpty()) {
            return Assessment.clean(FindingKind.NODE_POOL_CONSOLIDATION, resource, now);
        }
        List<NodePoolPacker.Node> packNodes = nodes.stream().map(n -> new NodePoolPacker.Node(n.name(), n.cpuCores(),
                n.memoryBytes(), n.maxPods(), Map.of(), List.of(), n.hourlyUsd())).toList();
        NodePoolPacker.Plan plan = NodePoolPacker.pack(packNodes, recommended.pods, recommended.overhead);
        if (!plan.packed() || plan.removable().isEmpty() || plan.removableUsdPerHour() <= 0) {
            return Assessment.clean(FindingKind.NODE_POOL_CONSOLIDATION, resource, now);
        }
        NodePoolPacker.Plan today = NodePoolPacker.pack(packNodes, current.pods, current.overhead);
        double monthly = plan.removableUsdPerHour() * UnitPrices.HOURS_PER_MONTH;
        Map<String, PoolNode> byName = new TreeMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));

        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("nodePool", pool);
        evidence.put("nodes", Integer.toString(nodes.size()));
        evidence.put("nodesNeeded", Integer.toString(plan.kept().size()));
        evidence.put("removableNodes", Integer.toString(plan.removable().size()));
        evidence.put("removableByInstanceType", byType(plan.removable(), byName));
        evidence.put("removableNodeNames", names(plan.removable()));
        evidence.put("price", priceLine(plan.removable(), byName));
        evidence.put("priceSource", String.join(",", plan.removable().stream()
                .map(n -> byName.get(n.name()).priceSource()).filter(s -> !s.isEmpty()).distinct().sorted().toList()));
        evidence.put("pods", Integer.toString(recommended.pods.size()));
        evidence.put("podsAtRecommendedRequests", Integer.toString(recommended.podsRecommended));
        evidence.put("daemonSetOverheadPerNode", fmt(recommended.overhead.cpuCores()) + " cores, "
                + fmt(recommended.overhead.memoryBytes() / GIB) + " GiB, " + recommended.overhead.pods() + " pods");
        boolean todayRemoves = today.packed() && !today.removable().isEmpty();
        evidence.put("removableNodesAtCurrentRequests", Integer.toString(todayRemoves ? today.removable().size() : 0));
        evidence.put("realizableNowMonthlyUsd", fmt(todayRemoves ? today.removableUsdPerHour() * UnitPrices.HOURS_PER_MONTH : 0));
        cheapest(nodes, recommended, plan, candidates).forEach(evidence::put);
        evidence.put("assumptions", "pods movable within the pool (placement, local storage and PDBs not in the "
                + "workload events); the pool is the only placement constraint");

        String region = nodes.stream().map(PoolNode::region).filter(r -> !r.isEmpty()).findFirst().orElse("");
        Finding draft = new Finding(Finding.idFor(FindingKind.NODE_POOL_CONSOLIDATION, resource),
                FindingKind.NODE_POOL_CONSOLIDATION, resource, RESOURCE_KIND, pool, "kubernetes", cluster, "", "", region,
                monthly, now, now, null, evidence, Map.of(), Map.of(), Map.of());
        // the streak is the tracker's: waste since the first assessment of this run of oversized assessments
        return Assessment.waste(draft, null);
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The pool's pods and per-node overhead, at recommended or at current requests. */
    private record Demand(List<NodePoolPacker.Pod> pods, NodePoolPacker.Overhead overhead, int podsRecommended,
                          double largestCpu, double largestMemory, double gpus) {
    }

    private static Demand demand(List<Member> members, boolean atRecommended) {
        Map<String, double[]> perPod = new TreeMap<>(); // workload -> cpu, memory, replicas, isDaemonSet, recommended, gpus
        for (Member m : members) {
            PoolContainer c = m.container();
            boolean useRecommendation = atRecommended && m.recommended() != null;
            double[] pod = perPod.computeIfAbsent(c.workload(), w -> new double[6]);
            pod[0] += useRecommendation ? m.recommended().cpuCores() : c.cpuCores();
            pod[1] += useRecommendation ? m.recommended().memoryBytes() : c.memoryBytes();
            pod[2] = Math.max(pod[2], c.replicas());
            pod[3] = "DaemonSet".equals(c.workloadKind()) ? 1 : 0;
            pod[4] = useRecommendation ? 1 : pod[4];
            pod[5] += c.gpus();
        }
        List<NodePoolPacker.Pod> pods = new ArrayList<>();
        double overheadCpu = 0;
        double overheadMemory = 0;
        int overheadPods = 0;
        int recommended = 0;
        double largestCpu = 0;
        double largestMemory = 0;
        double gpus = 0;
        for (Map.Entry<String, double[]> e : perPod.entrySet()) {
            double[] p = e.getValue();
            if (p[3] == 1) {
                overheadCpu += p[0];
                overheadMemory += p[1];
                overheadPods++;
                continue;
            }
            for (int i = 0; i < (int) p[2]; i++) {
                pods.add(new NodePoolPacker.Pod(e.getKey() + "#" + i, p[0], p[1], Map.of(), List.of(), "", true));
            }
            recommended += p[4] == 1 ? (int) p[2] : 0;
            largestCpu = Math.max(largestCpu, p[0]);
            largestMemory = Math.max(largestMemory, p[1]);
            gpus += p[5] * p[2];
        }
        return new Demand(pods, new NodePoolPacker.Overhead(overheadCpu, overheadMemory, overheadPods), recommended,
                largestCpu, largestMemory, gpus);
    }

    /**
     * The cheapest on-demand instance type for the pool's shape (pods plus the DaemonSets of the nodes needed),
     * x86 unless the pool already runs on arm64; a cheaper Graviton type is marked as a candidate, since only
     * multi-arch images can move there. Not for GPU pools: their shape is the GPUs, which this does not weigh.
     */
    private static Map<String, String> cheapest(List<PoolNode> nodes, Demand d, NodePoolPacker.Plan plan,
                                                List<CheapestShape.Candidate> candidates) {
        Map<String, String> out = new LinkedHashMap<>();
        if (candidates.isEmpty() || d.gpus > 0 || nodes.stream().anyMatch(n -> n.gpus() > 0)) {
            return out;
        }
        boolean onArm = nodes.stream().allMatch(PoolNode::arm64);
        int kept = plan.kept().size();
        CheapestShape.Demand demand = new CheapestShape.Demand(
                d.pods.stream().mapToDouble(NodePoolPacker.Pod::cpuCores).sum() + d.overhead.cpuCores() * kept,
                (d.pods.stream().mapToDouble(NodePoolPacker.Pod::memoryBytes).sum() + d.overhead.memoryBytes() * kept) / GIB,
                d.largestCpu + d.overhead.cpuCores(), (d.largestMemory + d.overhead.memoryBytes()) / GIB, onArm);
        Optional<CheapestShape.Choice> choice = CheapestShape.cheapest(demand, candidates);
        choice.ifPresent(c -> {
            out.put("cheapestInstanceType", c.type().instanceType());
            out.put("cheapestInstanceTypeNodes", Integer.toString(c.nodes()));
            out.put("cheapestInstanceTypeMonthlyUsd", fmt(c.usdPerHour() * UnitPrices.HOURS_PER_MONTH));
        });
        if (!onArm) {
            CheapestShape.Demand anyArch = new CheapestShape.Demand(demand.cpuCores(), demand.memoryGib(),
                    demand.largestPodCpuCores(), demand.largestPodMemoryGib(), true);
            CheapestShape.cheapest(anyArch, candidates)
                    .filter(g -> g.type().graviton() && (choice.isEmpty() || g.usdPerHour() < choice.get().usdPerHour()))
                    .ifPresent(g -> out.put("gravitonCandidate", g.type().instanceType() + " x" + g.nodes() + " at $"
                            + fmt(g.usdPerHour() * UnitPrices.HOURS_PER_MONTH) + "/month, if every image is multi-arch"));
        }
        return out;
    }

    private static String byType(List<NodePoolPacker.Node> removable, Map<String, PoolNode> byName) {
        Map<String, Integer> counts = new TreeMap<>();
        removable.forEach(n -> counts.merge(byName.get(n.name()).instanceType(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((type, count) -> parts.add((type.isEmpty() ? "unknown" : type) + " x" + count));
        return String.join(", ", parts);
    }

    private static String priceLine(List<NodePoolPacker.Node> removable, Map<String, PoolNode> byName) {
        Map<String, double[]> byPrice = new TreeMap<>();
        removable.forEach(n -> {
            PoolNode p = byName.get(n.name());
            byPrice.computeIfAbsent(p.instanceType() + " " + p.capacityType().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " at $" + fmt(p.hourlyUsd()) + "/h", k -> new double[1])[0]++;
        });
        List<String> parts = new ArrayList<>();
        byPrice.forEach((what, count) -> parts.add((int) count[0] + " x " + what));
        return String.join(" + ", parts) + " x 730 h";
    }

    private static String names(List<NodePoolPacker.Node> removable) {
        List<String> names = removable.stream().map(NodePoolPacker.Node::name).sorted().toList();
        return names.size() <= 20 ? String.join(",", names)
                : String.join(",", names.subList(0, 20)) + ",... (" + names.size() + ")";
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
