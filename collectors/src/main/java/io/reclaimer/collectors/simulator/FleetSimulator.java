package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.collectors.pricing.PriceCatalog;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.ServiceInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated fleet that emits exactly the events the real collectors emit: priced nodes, namespaces,
 * workload container specs, PVCs, PVs and services (as the Kubernetes collector does), cloud inventory and
 * Cost Explorer billing lines (as the AWS collector does), per-pod usage samples and OOM kills. Deterministic
 * for a seed; time is simulated, so days of history go out in seconds and the live phase can run faster than
 * the wall clock. {@link #plantedWaste()} is the ground truth of what a correct detector finds.
 */
public final class FleetSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    private static final Duration LEAK_PERIOD = Duration.ofHours(30);
    /** Cost Explorer finalises a day after a couple of days; younger days are estimates. */
    private static final int ESTIMATED_DAYS = 2;

    private final SimulatorConfig config;
    private final Topics topics;
    private final Instant start;
    private final SimFleet fleet;
    private final Map<String, UnitPrices> poolPrices = new HashMap<>();
    private final Map<String, NodeInfo> nodeInfos = new HashMap<>();
    private final Map<String, Double> clusterNodesHourly = new HashMap<>();
    private volatile Instant simulatedNow;
    private long samplesEmitted;
    /** The simulated time the history has been sent up to (null: not started). */
    private volatile Instant historyAt;

    public FleetSimulator(SimulatorConfig config, Topics topics, Clock wallClock) {
        this(config, topics, wallClock, new NodePricer(PriceCatalog.shipped()));
    }

    public FleetSimulator(SimulatorConfig config, Topics topics, Clock wallClock, NodePricer pricer) {
        this.config = config;
        this.topics = topics;
        Duration step = config.sampleInterval();
        Instant now = config.start() != null ? config.start() : wallClock.instant().minus(config.catchUp());
        this.start = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % step.toMillis());
        this.fleet = FleetGenerator.generate(config, start);
        this.simulatedNow = start;
        price(pricer);
    }

    public SimFleet fleet() {
        return fleet;
    }

    public List<PlantedWaste> plantedWaste() {
        return fleet.plantedWaste();
    }

    /** The simulated "now" at start-up: history ends here, the live phase begins here. */
    public Instant start() {
        return start;
    }

    public Instant simulatedNow() {
        return simulatedNow;
    }

    public synchronized long samplesEmitted() {
        return samplesEmitted;
    }

    /**
     * The cluster in OpenCost's series as its collector agent would export them (the demo serves these): nodes as
     * priced, every workload's pods at the simulation's start placed on a node of their pool (spread by name, since
     * the simulation has no scheduler), requests as allocations, the PVs, and the LoadBalancer Services at a classic
     * ELB's hour.
     */
    public io.reclaimer.collectors.opencost.OpenCostSnapshot openCost(String clusterId) {
        SimFleet.Cluster cluster = fleet.clusters().stream().filter(c -> c.id().equals(clusterId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated cluster " + clusterId));
        List<io.reclaimer.collectors.opencost.OpenCostSnapshot.Node> nodes = new ArrayList<>();
        Map<String, List<SimFleet.Node>> byPool = new HashMap<>();
        for (SimFleet.Node node : cluster.nodes()) {
            NodeInfo info = nodeInfos.get(cluster.id() + "/" + node.name());
            String family = node.instanceType().contains(".") ? node.instanceType().substring(0, node.instanceType().indexOf('.'))
                    : node.instanceType();
            nodes.add(new io.reclaimer.collectors.opencost.OpenCostSnapshot.Node(node.name(), node.instanceType(),
                    cluster.region(), "aws:///" + node.zone() + "/" + node.instanceId(),
                    family.matches("[a-z]+\\d+g[a-z]*") ? "arm64" : "amd64", uid(cluster.id(), "node/" + node.name()),
                    info.capacity().gpus(), info.prices().cpuUsdPerCoreHour(), info.prices().memoryUsdPerGibHour(),
                    info.prices().gpuUsdPerGpuHourOrZero(), info.hourlyUsd()));
            byPool.computeIfAbsent(node.pool(), p -> new ArrayList<>()).add(node);
        }
        List<io.reclaimer.collectors.opencost.OpenCostSnapshot.Container> containers = new ArrayList<>();
        for (SimFleet.Workload workload : cluster.workloads()) {
            List<SimFleet.Node> pool = byPool.getOrDefault(workload.pool(), cluster.nodes());
            if (pool.isEmpty()) {
                continue;
            }
            for (String pod : pods(cluster, workload, start)) {
                SimFleet.Node node = pool.get(Math.floorMod(pod.hashCode(), pool.size()));
                for (SimFleet.Container c : workload.containers()) {
                    containers.add(new io.reclaimer.collectors.opencost.OpenCostSnapshot.Container(workload.ref().namespace(),
                            pod, c.name(), node.name(), uid(cluster.id(), "pod/" + pod),
                            c.requests().cpuCores() == null ? 0 : c.requests().cpuCores(),
                            c.requests().memoryBytes() == null ? 0 : c.requests().memoryBytes(), c.requests().gpus()));
                }
            }
        }
        List<io.reclaimer.collectors.opencost.OpenCostSnapshot.Volume> volumes = cluster.volumes().stream()
                .map(v -> new io.reclaimer.collectors.opencost.OpenCostSnapshot.Volume(v.name(), v.cloudVolumeId(),
                        uid(cluster.id(), "pv/" + v.name()), 0.08 / 730)).toList();
        List<io.reclaimer.collectors.opencost.OpenCostSnapshot.LoadBalancer> balancers = cluster.services().stream()
                .filter(s -> "LoadBalancer".equals(s.type()))
                .map(s -> new io.reclaimer.collectors.opencost.OpenCostSnapshot.LoadBalancer(s.hostname(), s.namespace(),
                        s.name(), uid(cluster.id(), "svc/" + s.namespace() + "/" + s.name()), 0.025)).toList();
        return new io.reclaimer.collectors.opencost.OpenCostSnapshot(nodes, volumes, balancers, containers);
    }

    /** A stable UUID-shaped id, as Kubernetes gives every object. */
    private String uid(String cluster, String what) {
        return java.util.UUID.nameUUIDFromBytes((config.seed() + "/" + cluster + "/" + what)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** How much of the configured history has been sent: 0 before it starts, 1 once it is complete. */
    public double historyFraction() {
        Instant at = historyAt;
        if (at == null) {
            return 0;
        }
        double total = config.history().toMillis();
        return total <= 0 ? 1 : Math.min(1, Math.max(0, 1 - Duration.between(at, start).toMillis() / total));
    }

    private void price(NodePricer pricer) {
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
                        price.unitPrices(), price.source(), nodeLabels(node, cluster.region()), start));
            }
            clusterNodesHourly.put(cluster.id(), hourly);
            byPool.forEach((pool, prices) -> poolPrices.put(cluster.id() + "/" + pool, average(prices)));
        }
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

    // ---------------------------------------------------------------- inventory

    /** Everything that exists, as observed at {@code at}. */
    public void emitInventory(EventSink sink, Instant at) {
        for (SimFleet.Cluster cluster : fleet.clusters()) {
            for (SimFleet.Node node : cluster.nodes()) {
                NodeInfo info = nodeInfos.get(cluster.id() + "/" + node.name());
                sink.emit(topics.kubernetesInventory(), info.ref().key(), new NodeInfo(info.ref(), info.instanceType(),
                        info.region(), info.zone(), info.capacityType(), info.nodePool(), info.capacity(), info.allocatable(),
                        info.hourlyUsd(), info.prices(), info.priceSource(), info.labels(), at));
            }
            for (SimFleet.Namespace ns : cluster.namespaces()) {
                ObjectRef ref = ObjectRef.clusterScoped(cluster.id(), "Namespace", ns.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new NamespaceInfo(ref, ns.labels(), ns.annotations(),
                        ns.createdAt(), at, uid(ref.key())));
            }
            for (SimFleet.Workload workload : cluster.workloads()) {
                for (SimFleet.Container container : workload.containers()) {
                    ContainerRef ref = workload.ref().container(container.name());
                    sink.emit(topics.workloads(), ref.key(), spec(cluster, workload, container, ref, at));
                }
            }
            for (SimFleet.Claim claim : cluster.claims()) {
                ObjectRef ref = new ObjectRef(cluster.id(), claim.namespace(), "PersistentVolumeClaim", claim.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new PersistentVolumeClaimInfo(ref, "Bound", "gp3",
                        claim.bytes(), claim.volumeName(), claim.mountedBy(), Map.of(), Map.of(), claim.createdAt(), at,
                        uid(ref.key())));
            }
            for (SimFleet.Volume volume : cluster.volumes()) {
                ObjectRef ref = ObjectRef.clusterScoped(cluster.id(), "PersistentVolume", volume.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new PersistentVolumeInfo(ref, volume.phase(), volume.bytes(),
                        "gp3", "Retain", volume.claimRef(), volume.cloudVolumeId(), Map.of(), volume.createdAt(), at,
                        uid(ref.key()), Map.of()));
            }
            for (SimFleet.Service service : cluster.services()) {
                ObjectRef ref = new ObjectRef(cluster.id(), service.namespace(), "Service", service.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new ServiceInfo(ref, service.type(), service.readyEndpoints(),
                        service.hostname(), Map.of("app.kubernetes.io/name", service.name()), Map.of(), service.createdAt(), at,
                        uid(ref.key())));
            }
            for (CloudResource resource : cluster.cloudResources()) {
                sink.emit(topics.cloudInventory(), resource.ref().key(), observedAt(resource, at));
            }
        }
    }

    private WorkloadContainerSpec spec(SimFleet.Cluster cluster, SimFleet.Workload workload, SimFleet.Container container,
                                      ContainerRef ref, Instant at) {
        int replicas = switch (workload.ref().kind()) {
            case "DaemonSet" -> cluster.nodes().size();
            case "CronJob" -> 1;
            default -> workload.hpa() != null ? podCount(workload, at) : workload.replicas();
        };
        UnitPrices prices = poolPrices.get(cluster.id() + "/" + workload.pool());
        Map<String, String> labels = new HashMap<>(workload.labels());
        labels.put("team", teamOf(cluster, workload.ref().namespace()));
        return new WorkloadContainerSpec(ref, replicas, container.requests(), container.limits(), qos(workload),
                workload.pool(), workload.hpa(), prices, labels, Map.of(), at, uid(workload.ref().key()))
                .withPodsByNode(placement(cluster, workload, at));
    }

    /**
     * Where the workload's pods run at {@code t}: a DaemonSet's on every node, the others on a node of their pool
     * picked by the pod's name, as {@link #openCost} places them (the simulation has no scheduler).
     */
    private Map<String, Integer> placement(SimFleet.Cluster cluster, SimFleet.Workload workload, Instant t) {
        Map<String, Integer> byNode = new java.util.TreeMap<>();
        if ("DaemonSet".equals(workload.ref().kind())) {
            cluster.nodes().forEach(n -> byNode.put(n.name(), 1));
            return byNode;
        }
        List<SimFleet.Node> pool = cluster.nodes().stream().filter(n -> n.pool().equals(workload.pool())).toList();
        pool = pool.isEmpty() ? cluster.nodes() : pool;
        if (pool.isEmpty()) {
            return byNode;
        }
        for (String pod : pods(cluster, workload, t)) {
            byNode.merge(pool.get(Math.floorMod(pod.hashCode(), pool.size())).name(), 1, Integer::sum);
        }
        return byNode;
    }

    /** A stable metadata.uid for a simulated object, as the API server would have given it at creation. */
    private static String uid(String key) {
        return java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static String teamOf(SimFleet.Cluster cluster, String namespace) {
        return cluster.namespaces().stream().filter(n -> n.name().equals(namespace)).findFirst()
                .map(n -> n.labels().get("team")).orElse("unknown");
    }

    private static WorkloadContainerSpec.QosClass qos(SimFleet.Workload workload) {
        boolean guaranteed = true;
        boolean any = false;
        for (SimFleet.Container c : workload.containers()) {
            any |= c.requests().cpuCores() != null || c.requests().memoryBytes() != null;
            guaranteed &= c.limits().cpuCores() != null && c.limits().cpuCores().equals(c.requests().cpuCores())
                    && c.limits().memoryBytes() != null && c.limits().memoryBytes().equals(c.requests().memoryBytes());
        }
        return !any ? WorkloadContainerSpec.QosClass.BEST_EFFORT
                : guaranteed ? WorkloadContainerSpec.QosClass.GUARANTEED : WorkloadContainerSpec.QosClass.BURSTABLE;
    }

    private static CloudResource observedAt(CloudResource r, Instant at) {
        if (r instanceof EbsVolume v) {
            return new EbsVolume(v.ref(), v.state(), v.sizeGib(), v.volumeType(), v.iops(), v.throughputMibps(), v.attachments(),
                    v.snapshotId(), v.createdAt(), v.tags(), at);
        } else if (r instanceof ElasticIp e) {
            return new ElasticIp(e.ref(), e.allocationId(), e.publicIp(), e.associationId(), e.instanceId(),
                    e.networkInterfaceId(), e.tags(), at);
        } else if (r instanceof EbsSnapshot s) {
            return new EbsSnapshot(s.ref(), s.sourceVolumeId(), s.state(), s.sizeGib(), s.storageTier(), s.startedAt(),
                    s.description(), s.tags(), at, s.imageIds());
        } else if (r instanceof Ec2Instance i) {
            return new Ec2Instance(i.ref(), i.state(), i.instanceType(), i.launchedAt(), i.stateChangedAt(), i.volumeIds(),
                    i.tags(), at);
        } else if (r instanceof LoadBalancer lb) {
            return new LoadBalancer(lb.ref(), lb.name(), lb.type(), lb.arn(), lb.dnsName(), lb.createdAt(), lb.targetGroups(),
                    lb.tags(), at);
        }
        throw new IllegalStateException("unknown cloud resource " + r);
    }

    // ---------------------------------------------------------------- usage

    /** Samples (and OOM kills) of every running container at instant {@code t}; returns the samples emitted. */
    public long emitUsage(EventSink sink, Instant t) {
        long count = 0;
        long step = t.toEpochMilli() / config.sampleInterval().toMillis();
        Archetype.LocalTime time = Archetype.LocalTime.of(t);
        for (SimFleet.Cluster cluster : fleet.clusters()) {
            for (SimFleet.Workload workload : cluster.workloads()) {
                List<String> pods = pods(cluster, workload, t);
                for (int p = 0; p < pods.size(); p++) {
                    String pod = pods.get(p);
                    for (SimFleet.Container container : workload.containers()) {
                        ContainerRef ref = workload.ref().container(container.name());
                        long series = Noise.hash(ref.key() + "/" + pod);
                        double noise = Noise.gaussian(config.seed(), series, step);
                        double burst = Noise.uniform(config.seed(), series ^ 0x5DEECE66DL, step);
                        double cpu = container.baseCpuCores() * workload.usageScale()
                                * workload.archetype().cpuFraction(time, noise, burst) * hpaShare(workload, pods.size(), t);
                        if (container.limits().cpuCores() != null) {
                            cpu = Math.min(cpu, container.limits().cpuCores());
                        }
                        long memory = memory(workload, container, time, noise, pod);
                        sink.emit(topics.usageSamples(), ref.key(), new UsageSample(ref, pod, t, round(cpu), memory));
                        count++;
                        if (workload.archetype() == Archetype.LEAKING && crossedLeakCycle(pod, t)) {
                            sink.emit(topics.containerEvents(), ref.key(), new ContainerEvent(ref, pod, t,
                                    ContainerEvent.Type.OOM_KILLED, leakCycle(pod, t), container.limits().memoryBytes(),
                                    container.requests().memoryBytes(), "OOMKilled"));
                        }
                    }
                }
            }
        }
        synchronized (this) {
            samplesEmitted += count;
        }
        return count;
    }

    private static double round(double cores) {
        return Math.round(cores * 1e6) / 1e6;
    }

    private long memory(SimFleet.Workload workload, SimFleet.Container container, Archetype.LocalTime time, double noise,
                        String pod) {
        Instant t = time.instant();
        double base = container.baseMemoryBytes() * workload.usageScale();
        Long limit = container.limits().memoryBytes();
        double bytes;
        if (workload.archetype() == Archetype.LEAKING && limit != null) {
            // grows from 60% of its base to the limit, where the kernel kills it and it starts over
            double phase = leakPhase(pod, t);
            bytes = 0.6 * base + (limit - 0.6 * base) * phase;
        } else {
            bytes = base * workload.archetype().memoryFraction(time, noise, 0);
        }
        if (limit != null) {
            bytes = Math.min(bytes, limit);
        }
        return Math.max(1L << 20, (long) bytes);
    }

    private long leakOffsetMillis(String pod) {
        return (long) (Noise.uniform(config.seed(), Noise.hash(pod), 7) * LEAK_PERIOD.toMillis());
    }

    private double leakPhase(String pod, Instant t) {
        long period = LEAK_PERIOD.toMillis();
        return ((t.toEpochMilli() + leakOffsetMillis(pod)) % period) / (double) period;
    }

    private int leakCycle(String pod, Instant t) {
        return (int) ((t.toEpochMilli() + leakOffsetMillis(pod)) / LEAK_PERIOD.toMillis());
    }

    private boolean crossedLeakCycle(String pod, Instant t) {
        return leakCycle(pod, t) != leakCycle(pod, t.minus(config.sampleInterval()));
    }

    /** Pods running at {@code t}, with the names Kubernetes would give them. */
    private List<String> pods(SimFleet.Cluster cluster, SimFleet.Workload workload, Instant t) {
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
                    pods.add(name + "-" + FleetGenerator.hex(config.seed(), cluster.id(), node.name(), 5));
                }
            }
            case "CronJob" -> {
                // a Job runs one hour in six; its pod exists only while it runs
                long run = t.getEpochSecond() / 3600;
                if (run % 6 == 0) {
                    pods.add(name + "-" + (run * 60) + "-" + FleetGenerator.hex(config.seed(), cluster.id(), identity + run, 5));
                }
            }
            default -> {
                String replicaSet = FleetGenerator.hex(config.seed(), cluster.id(), identity + "/rs", 10);
                int count = workload.hpa() != null ? podCount(workload, t) : workload.replicas();
                for (int i = 0; i < count; i++) {
                    pods.add(name + "-" + replicaSet + "-" + FleetGenerator.hex(config.seed(), cluster.id(), identity + "/pod" + i, 5));
                }
            }
        }
        return pods;
    }

    /** What an HPA on CPU would run: enough pods to keep the per-pod load near the base level. */
    private int podCount(SimFleet.Workload workload, Instant t) {
        double load = workload.archetype().cpuFraction(t, 0, 0) * workload.replicas();
        return (int) Math.max(workload.hpa().minReplicas(), Math.min(workload.hpa().maxReplicas(), Math.ceil(load)));
    }

    /** With an HPA the total load is spread over however many pods it runs. */
    private double hpaShare(SimFleet.Workload workload, int pods, Instant t) {
        if (workload.hpa() == null || pods == 0) {
            return 1.0;
        }
        return (double) workload.replicas() / pods;
    }

    // ---------------------------------------------------------------- billing

    /** Cost Explorer lines for every day in [from, to), the last two before {@code asOf} marked estimated. */
    public void emitBilling(EventSink sink, LocalDate from, LocalDate to, Instant asOf) {
        LocalDate today = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            boolean estimated = !day.isBefore(today.minusDays(ESTIMATED_DAYS));
            Map<String, Double> byService = new HashMap<>();
            for (SimFleet.Cluster cluster : fleet.clusters()) {
                Map<String, Double> daily = SimulatedInvoice.dailyCost(cluster, clusterNodesHourly.get(cluster.id()));
                double noise = 1 + 0.03 * Noise.gaussian(config.seed(), Noise.hash("bill/" + cluster.id()), day.toEpochDay());
                double total = 0;
                for (Map.Entry<String, Double> entry : daily.entrySet()) {
                    double amount = entry.getValue() * noise;
                    byService.merge(entry.getKey(), amount, Double::sum);
                    total += amount;
                }
                for (String metric : List.of("UnblendedCost", "AmortizedCost")) {
                    BillingLine line = new BillingLine(config.account(), day, metric, "TAG", null, "cluster", cluster.id(),
                            cents(total), "USD", estimated, asOf);
                    sink.emit(topics.billingLines(), line.key(), line);
                }
            }
            for (Map.Entry<String, Double> entry : byService.entrySet()) {
                for (String metric : List.of("UnblendedCost", "AmortizedCost")) {
                    BillingLine line = new BillingLine(config.account(), day, metric, "SERVICE", entry.getKey(), null, null,
                            cents(entry.getValue()), "USD", estimated, asOf);
                    sink.emit(topics.billingLines(), line.key(), line);
                }
            }
        }
    }

    private static double cents(double usd) {
        return Math.round(usd * 100) / 100.0;
    }

    // ---------------------------------------------------------------- running

    /** Inventory, billing and every usage sample of the configured history, as fast as the sink takes them. */
    public long emitHistory(EventSink sink) {
        Instant from = start.minus(config.history());
        emitInventory(sink, start);
        LocalDate firstDay = from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate today = start.atZone(ZoneOffset.UTC).toLocalDate();
        emitBilling(sink, firstDay, today, start);
        long samples = 0;
        for (Instant t = from; t.isBefore(start); t = t.plus(config.sampleInterval())) {
            samples += emitUsage(sink, t);
            historyAt = t;
        }
        sink.flush();
        historyAt = start;
        LOG.info("simulated {} clusters: {} usage samples over {} h of history up to {}", fleet.clusters().size(), samples,
                config.history().toHours(), start);
        return samples;
    }

    /**
     * Emits the history, then keeps the fleet alive: simulated time advances {@code speed} times faster than
     * the wall clock until it reaches the present, then with it; samples every sample interval, inventory
     * every simulated hour, billing every simulated day. Returns when {@code stop} says so.
     */
    public void run(EventSink sink, Clock wallClock, BooleanSupplier stop) {
        emitHistory(sink);
        long wallStart = wallClock.millis();
        Instant lastInventory = start;
        Instant t = start;
        while (!stop.getAsBoolean()) {
            Instant fastForward = start.plusMillis((long) ((wallClock.millis() - wallStart) * config.speed()));
            Instant present = wallClock.instant();
            Instant target = fastForward.isAfter(present) ? present : fastForward;
            while (!t.plus(config.sampleInterval()).isAfter(target) && !stop.getAsBoolean()) {
                Instant previous = t;
                t = t.plus(config.sampleInterval());
                simulatedNow = t;
                emitUsage(sink, t);
                if (Duration.between(lastInventory, t).compareTo(Duration.ofHours(1)) >= 0) {
                    emitInventory(sink, t);
                    lastInventory = t;
                }
                LocalDate day = t.atZone(ZoneOffset.UTC).toLocalDate();
                if (!day.equals(previous.atZone(ZoneOffset.UTC).toLocalDate())) {
                    // yesterday appears as an estimate; the day that just became final is re-read
                    emitBilling(sink, day.minusDays(ESTIMATED_DAYS + 1), day, t);
                }
            }
            sink.flush();
            long dueWall = Math.max(wallStart + (long) (Duration.between(start, t.plus(config.sampleInterval())).toMillis()
                    / config.speed()), t.plus(config.sampleInterval()).toEpochMilli());
            long wait = Math.max(1, Math.min(250, dueWall - wallClock.millis()));
            try {
                Thread.sleep(wait); // pacing the simulated clock against the wall clock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every simulated workload container. */
    public List<ContainerRef> containers() {
        List<ContainerRef> refs = new ArrayList<>();
        for (SimFleet.Cluster cluster : fleet.clusters()) {
            for (SimFleet.Workload workload : cluster.workloads()) {
                for (SimFleet.Container container : workload.containers()) {
                    refs.add(workload.ref().container(container.name()));
                }
            }
        }
        return refs;
    }
}
