package io.reclaimer.streams.consolidation;

import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.streams.consolidation.PoolAssessment.Member;
import io.reclaimer.streams.consolidation.PoolItems.PoolContainer;
import io.reclaimer.streams.consolidation.PoolItems.PoolNode;
import io.reclaimer.streams.findings.Assessment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code underutilized-node} and {@code spot-eligible}, pure: one pool's nodes and workload containers in, one
 * assessment per node and per workload out (docs/waste.md).
 *
 * <p>Underutilized: the pods running on the node (each workload's {@code podsByNode}, as the collector saw them
 * placed) at their recommended requests (today's for a container without a recommendation), DaemonSets included,
 * request at most {@code maxRequestShare} of the node's allocatable CPU and memory alike; priced at the node's
 * hourly price x 730. A pool whose placement is unknown (records without {@code podsByNode}) is not judged.
 *
 * <p>Spot-eligible: a Deployment of at least 2 replicas in a namespace known to be non-production, in a pool of
 * on-demand nodes; the saving is its pods' share of a node (their largest of CPU and memory share of allocatable, at
 * today's requests) x (the node's on-demand price - the spot price of its type in its zone) x 730, averaged over the
 * pool's nodes that have a spot price. Without any spot price the workload is not judged.
 */
final class NodeFindings {

    static final String NODE_KIND = "Node";
    private static final double GIB = 1024.0 * 1024 * 1024;

    private NodeFindings() {
    }

    /** The spot price (USD per hour) of an instance type in a zone, if known. */
    @FunctionalInterface
    public interface SpotPrices {
        Optional<Double> usdPerHour(String region, String zone, String instanceType);
    }

    public static String nodeResource(String cluster, String node) {
        return ObjectRef.clusterScoped(cluster, NODE_KIND, node).key();
    }

    public static String workloadResource(String cluster, String workload) {
        String[] w = workload.split("/", 3);
        return new ObjectRef(cluster, w[0], w[1], w[2]).key();
    }

    /** One assessment per node of the pool, or none when the pool's placement is unknown. */
    public static List<Assessment> underutilized(String cluster, String pool, List<PoolNode> nodes, List<Member> members,
                                                 double maxRequestShare, Instant now) {
        List<Assessment> out = new ArrayList<>();
        boolean placementKnown = !members.isEmpty() && members.stream()
                .allMatch(m -> m.container().replicas() == 0 || !m.container().podsByNode().isEmpty());
        for (PoolNode node : nodes) {
            String resource = nodeResource(cluster, node.name());
            if (!placementKnown || node.cpuCores() <= 0 || node.memoryBytes() <= 0) {
                out.add(Assessment.clean(FindingKind.UNDERUTILIZED_NODE, resource, now));
                continue;
            }
            double cpu = 0;
            double memory = 0;
            Map<String, Integer> podsByWorkload = new TreeMap<>();
            int recommended = 0;
            for (Member m : members) {
                int pods = m.container().podsByNode().getOrDefault(node.name(), 0);
                if (pods == 0) {
                    continue;
                }
                boolean atRecommended = m.recommended() != null;
                cpu += pods * (atRecommended ? m.recommended().cpuCores() : m.container().cpuCores());
                memory += pods * (atRecommended ? m.recommended().memoryBytes() : m.container().memoryBytes());
                podsByWorkload.merge(m.container().workload(), pods, Math::max);
                recommended += atRecommended ? 1 : 0;
            }
            double cpuShare = cpu / node.cpuCores();
            double memoryShare = memory / node.memoryBytes();
            double share = Math.max(cpuShare, memoryShare);
            if (share > maxRequestShare || node.hourlyUsd() <= 0) {
                out.add(Assessment.clean(FindingKind.UNDERUTILIZED_NODE, resource, now));
                continue;
            }
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("nodePool", pool);
            evidence.put("instanceType", node.instanceType());
            evidence.put("capacityType", node.capacityType());
            evidence.put("cpuRequestedCores", PoolAssessment.fmt(cpu));
            evidence.put("cpuAllocatableCores", PoolAssessment.fmt(node.cpuCores()));
            evidence.put("memoryRequestedGib", PoolAssessment.fmt(memory / GIB));
            evidence.put("memoryAllocatableGib", PoolAssessment.fmt(node.memoryBytes() / GIB));
            evidence.put("requestShare", PoolAssessment.fmt(share));
            evidence.put("maxRequestShare", PoolAssessment.fmt(maxRequestShare));
            evidence.put("pods", Integer.toString(podsByWorkload.values().stream().mapToInt(Integer::intValue).sum()));
            evidence.put("containersAtRecommendedRequests", Integer.toString(recommended));
            evidence.put("price", node.instanceType() + " at $" + PoolAssessment.fmt(node.hourlyUsd()) + "/h x 730 h");
            evidence.put("priceSource", node.priceSource());
            evidence.put("assumptions", "the node goes only if its pods fit on the pool's other nodes: "
                    + "node-pool-consolidation says how many can; do not add the two up");
            Finding draft = new Finding(Finding.idFor(FindingKind.UNDERUTILIZED_NODE, resource),
                    FindingKind.UNDERUTILIZED_NODE, resource, NODE_KIND, node.name(), "kubernetes", cluster, "", "",
                    node.region(), node.hourlyUsd() * UnitPrices.HOURS_PER_MONTH, now, now, null, evidence, Map.of(),
                    Map.of(), Map.of());
            out.add(Assessment.waste(draft, null));
        }
        return out;
    }

    /**
     * One assessment per workload of the pool ({@code namespace/kind/name}); {@code nonProduction} by namespace, for
     * the namespaces whose environment is known.
     */
    public static List<Assessment> spotEligible(String cluster, String pool, List<PoolNode> nodes, List<Member> members,
                                                Map<String, Boolean> nonProduction, SpotPrices spot, Instant now) {
        Map<String, List<PoolContainer>> workloads = new TreeMap<>();
        for (Member m : members) {
            workloads.computeIfAbsent(m.container().workload(), w -> new ArrayList<>()).add(m.container());
        }
        boolean onDemandPool = !nodes.isEmpty() && nodes.stream().allMatch(n -> "ON_DEMAND".equals(n.capacityType()));
        List<Assessment> out = new ArrayList<>();
        for (Map.Entry<String, List<PoolContainer>> w : workloads.entrySet()) {
            String resource = workloadResource(cluster, w.getKey());
            List<PoolContainer> containers = w.getValue();
            PoolContainer first = containers.get(0);
            int replicas = containers.stream().mapToInt(PoolContainer::replicas).max().orElse(0);
            String namespace = first.namespace();
            if (!"Deployment".equals(first.workloadKind()) || replicas < 2 || !onDemandPool
                    || !Boolean.TRUE.equals(nonProduction.get(namespace))) {
                out.add(Assessment.clean(FindingKind.SPOT_ELIGIBLE, resource, now));
                continue;
            }
            double cpu = containers.stream().mapToDouble(PoolContainer::cpuCores).sum();
            double memory = containers.stream().mapToDouble(PoolContainer::memoryBytes).sum();
            double saving = 0;
            double onDemand = 0;
            double spotSum = 0;
            int priced = 0;
            Map<String, String> spotByType = new TreeMap<>();
            for (PoolNode node : nodes) {
                Optional<Double> price = spot.usdPerHour(node.region(), node.zone(), node.instanceType());
                if (price.isEmpty() || node.cpuCores() <= 0 || node.memoryBytes() <= 0) {
                    continue;
                }
                double share = Math.min(1, Math.max(cpu / node.cpuCores(), memory / node.memoryBytes()));
                saving += share * Math.max(0, node.hourlyUsd() - price.get());
                onDemand += node.hourlyUsd();
                spotSum += price.get();
                priced++;
                spotByType.put(node.instanceType() + " " + node.zone(), "$" + PoolAssessment.fmt(price.get()) + "/h");
            }
            if (priced == 0 || saving <= 0) {
                out.add(Assessment.clean(FindingKind.SPOT_ELIGIBLE, resource, now));
                continue;
            }
            double perPodHourly = saving / priced;
            double monthly = replicas * perPodHourly * UnitPrices.HOURS_PER_MONTH;
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("nodePool", pool);
            evidence.put("replicas", Integer.toString(replicas));
            evidence.put("environment", "non-production");
            evidence.put("cpuRequestCoresPerPod", PoolAssessment.fmt(cpu));
            evidence.put("memoryRequestGibPerPod", PoolAssessment.fmt(memory / GIB));
            evidence.put("onDemandUsdPerHour", PoolAssessment.fmt(onDemand / priced));
            evidence.put("spotUsdPerHour", PoolAssessment.fmt(spotSum / priced));
            evidence.put("spotPrices", String.join(", ", spotByType.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
            evidence.put("savingPerPodUsdPerHour", PoolAssessment.fmt(perPodHourly));
            evidence.put("price", replicas + " pods x their share of a node x (on-demand - spot) x 730 h");
            evidence.put("assumptions", "stateless from its kind (Deployment): volumes are not in the workload events; "
                    + "spot capacity can be reclaimed with two minutes' notice");
            Finding draft = new Finding(Finding.idFor(FindingKind.SPOT_ELIGIBLE, resource), FindingKind.SPOT_ELIGIBLE,
                    resource, first.workloadKind(), resource.substring(resource.lastIndexOf('/') + 1), "kubernetes",
                    cluster, namespace, "", nodes.get(0).region(), monthly, now, now, null, evidence, Map.of(), Map.of(),
                    Map.of());
            out.add(Assessment.waste(draft, null));
        }
        return out;
    }
}
