package io.reclaimer.collectors.simulator;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.HpaInfo;
import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a realistic fleet from a seed. Every cluster runs the same catalogue of workloads (so a demo
 * reads the same everywhere) with seeded variety in load and replicas: production web services (steady,
 * diurnal, spiky, HPA-scaled), over- and under-provisioned ones, a leaking service that gets OOM-killed,
 * batch jobs, a DaemonSet, stateful services with volumes, non-production namespaces idle at night, and
 * the waste a real account accumulates: detached volumes, a stray Elastic IP, load balancers with nothing
 * behind them, snapshots of deleted volumes, a stopped instance, an unused PVC, a released PV, a
 * LoadBalancer service without endpoints and a forgotten namespace.
 */
final class FleetGenerator {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final String[] REGIONS = {"eu-west-1", "us-east-1", "eu-central-1", "us-west-2", "ap-southeast-1"};

    private final SimulatorConfig config;
    private final Instant now;

    FleetGenerator(SimulatorConfig config, Instant now) {
        this.config = config;
        this.now = now;
    }

    SimFleet generate() {
        List<SimFleet.Cluster> clusters = new ArrayList<>();
        List<PlantedWaste> planted = new ArrayList<>();
        for (int i = 0; i < config.clusters(); i++) {
            clusters.add(cluster(i, planted));
        }
        return new SimFleet(List.copyOf(clusters), List.copyOf(planted));
    }

    private SimFleet.Cluster cluster(int index, List<PlantedWaste> planted) {
        String region = REGIONS[index % REGIONS.length];
        int round = index / REGIONS.length;
        String id = "prod-" + region + (round == 0 ? "" : "-" + (round + 1));
        SplittableRandom random = new SplittableRandom(config.seed() * 31 + index);

        List<SimFleet.Namespace> namespaces = namespaces(id);
        List<SimFleet.Workload> workloads = workloads(id, random);
        List<SimFleet.Node> nodes = nodes(id, region, workloads, random);
        List<SimFleet.Claim> claims = new ArrayList<>();
        List<SimFleet.Volume> volumes = new ArrayList<>();
        List<SimFleet.Service> services = new ArrayList<>();
        List<CloudResource> cloud = new ArrayList<>();
        CloudIds ids = new CloudIds(config.seed(), id);

        for (SimFleet.Node node : nodes) {
            String rootVolume = ids.next("vol");
            cloud.add(new Ec2Instance(ref(region, node.instanceId()), "running", node.instanceType(), now.minus(Duration.ofDays(20)),
                    now.minus(Duration.ofDays(20)), List.of(rootVolume), Map.of("eks:cluster-name", id,
                    "karpenter.sh/nodepool", node.pool()), now));
            cloud.add(volume(region, rootVolume, "in-use", 80, "gp3", 3000, 125, node.instanceId(), now.minus(Duration.ofDays(20)),
                    Map.of("eks:cluster-name", id)));
        }
        // stateful workloads: one bound PVC and PV per pod, each an in-use EBS volume
        for (SimFleet.Workload workload : workloads) {
            for (String template : workload.claimTemplates()) {
                for (int ordinal = 0; ordinal < workload.replicas(); ordinal++) {
                    String pod = workload.ref().name() + "-" + ordinal;
                    String claim = template + "-" + pod;
                    String pv = "pvc-" + ids.next("uid");
                    String cloudVolume = ids.next("vol");
                    claims.add(new SimFleet.Claim(workload.ref().namespace(), claim, 50 * GIB, pv, List.of(pod),
                            now.minus(Duration.ofDays(60))));
                    volumes.add(new SimFleet.Volume(pv, "Bound", 50 * GIB, workload.ref().namespace() + "/" + claim,
                            cloudVolume, now.minus(Duration.ofDays(60))));
                    cloud.add(volume(region, cloudVolume, "in-use", 50, "gp3", 3000, 125, nodes.get(0).instanceId(),
                            now.minus(Duration.ofDays(60)), Map.of("kubernetes.io/created-for/pvc/name", claim)));
                }
            }
        }
        for (SimFleet.Workload workload : workloads) {
            if (workload.ref().kind().equals("Deployment")) {
                services.add(new SimFleet.Service(workload.ref().namespace(), workload.ref().name(), "ClusterIP",
                        workload.replicas(), "", now.minus(Duration.ofDays(90))));
            }
        }
        String frontendLb = "k8s-shop-frontend-" + ids.next("lb").substring(3);
        services.add(new SimFleet.Service("shop", "frontend-public", "LoadBalancer", 3,
                frontendLb + ".elb." + region + ".amazonaws.com", now.minus(Duration.ofDays(90))));
        cloud.add(loadBalancer(region, frontendLb, "application", now.minus(Duration.ofDays(90)), 3, 3, Map.of("eks:cluster-name", id)));
        String natEip = ids.next("eipalloc");
        cloud.add(new ElasticIp(ref(region, natEip), natEip, ip(index, 10), "eipassoc-" + natEip.substring(9), "",
                "eni-" + natEip.substring(9), Map.of("Name", id + "-nat"), now));
        String healthySnapshot = ids.next("snap");
        cloud.add(new EbsSnapshot(ref(region, healthySnapshot), ((Ec2Instance) cloud.get(0)).volumeIds().get(0), "completed", 80,
                "standard", now.minus(Duration.ofDays(10)), "nightly backup", Map.of(), now, List.of()));
        // detached two hours ago: not waste yet, whatever the detector's threshold in days
        cloud.add(volume(region, ids.next("vol"), "available", 20, "gp3", 3000, 125, null, now.minus(Duration.ofHours(2)),
                Map.of("Name", "ci-scratch")));

        if (config.plantWaste()) {
            plantWaste(id, region, ids, nodes, namespaces, claims, volumes, services, cloud, planted, index);
        }
        return new SimFleet.Cluster(id, region, List.copyOf(nodes), List.copyOf(namespaces), List.copyOf(workloads),
                List.copyOf(claims), List.copyOf(volumes), List.copyOf(services), List.copyOf(cloud));
    }

    private void plantWaste(String cluster, String region, CloudIds ids, List<SimFleet.Node> nodes,
                            List<SimFleet.Namespace> namespaces, List<SimFleet.Claim> claims,
                            List<SimFleet.Volume> volumes, List<SimFleet.Service> services, List<CloudResource> cloud,
                            List<PlantedWaste> planted, int index) {
        String buildCache = ids.next("vol");
        cloud.add(volume(region, buildCache, "available", 500, "gp3", 3000, 125, null, now.minus(Duration.ofDays(45)),
                Map.of("Name", cluster + "-old-build-cache", "team", "platform")));
        planted.add(cloudWaste(FindingKind.UNATTACHED_VOLUME, region, buildCache, cluster,
                Map.of("sizeGib", "500", "volumeType", "gp3", "iops", "3000", "throughputMibps", "125", "ageDays", "45")));

        String scratch = ids.next("vol");
        cloud.add(volume(region, scratch, "available", 200, "io1", 4000, null, null, now.minus(Duration.ofDays(60)),
                Map.of("Name", "db-migration-scratch", "team", "payments")));
        planted.add(cloudWaste(FindingKind.UNATTACHED_VOLUME, region, scratch, cluster,
                Map.of("sizeGib", "200", "volumeType", "io1", "iops", "4000", "ageDays", "60")));

        String strayIp = ids.next("eipalloc");
        cloud.add(new ElasticIp(ref(region, strayIp), strayIp, ip(index, 20), "", "", "", Map.of("Name", "old-bastion"), now));
        planted.add(cloudWaste(FindingKind.UNASSOCIATED_ADDRESS, region, strayIp, cluster, Map.of("publicIp", ip(index, 20))));

        String promo = "old-promo-alb";
        cloud.add(loadBalancer(region, promo, "application", now.minus(Duration.ofDays(40)), 0, 0, Map.of("team", "web")));
        planted.add(cloudWaste(FindingKind.IDLE_LOAD_BALANCER, region, promo, cluster,
                Map.of("type", "application", "registeredTargets", "0", "healthyTargets", "0", "ageDays", "40")));
        String legacyTcp = "legacy-tcp-nlb";
        cloud.add(loadBalancer(region, legacyTcp, "network", now.minus(Duration.ofDays(25)), 2, 0, Map.of("team", "payments")));
        planted.add(cloudWaste(FindingKind.IDLE_LOAD_BALANCER, region, legacyTcp, cluster,
                Map.of("type", "network", "registeredTargets", "2", "healthyTargets", "0", "ageDays", "25")));

        String oldSnapshot = ids.next("snap");
        cloud.add(new EbsSnapshot(ref(region, oldSnapshot), "vol-0deleted" + Integer.toHexString(index + 0x100), "completed", 200,
                "standard", now.minus(Duration.ofDays(120)), "pre-upgrade backup", Map.of("team", "data"), now, List.of()));
        planted.add(cloudWaste(FindingKind.ORPHANED_SNAPSHOT, region, oldSnapshot, cluster,
                Map.of("sizeGib", "200", "storageTier", "standard", "ageDays", "120")));

        String stopped = ids.next("i");
        String stoppedRoot = ids.next("vol");
        String stoppedData = ids.next("vol");
        cloud.add(new Ec2Instance(ref(region, stopped), "stopped", "m5.large", now.minus(Duration.ofDays(200)),
                now.minus(Duration.ofDays(30)), List.of(stoppedRoot, stoppedData), Map.of("Name", "legacy-reporting"), now));
        cloud.add(volume(region, stoppedRoot, "in-use", 100, "gp3", 3000, 125, stopped, now.minus(Duration.ofDays(200)), Map.of()));
        cloud.add(volume(region, stoppedData, "in-use", 50, "gp2", null, null, stopped, now.minus(Duration.ofDays(200)), Map.of()));
        planted.add(cloudWaste(FindingKind.STOPPED_INSTANCE_VOLUMES, region, stopped, cluster,
                Map.of("volumes", stoppedRoot + ":100:gp3," + stoppedData + ":50:gp2", "stoppedDays", "30")));

        claims.add(new SimFleet.Claim("staging-shop", "old-export", 50 * GIB, "pvc-" + ids.next("uid"), List.of(),
                now.minus(Duration.ofDays(40))));
        SimFleet.Claim oldExport = claims.get(claims.size() - 1);
        String oldExportVolume = ids.next("vol");
        volumes.add(new SimFleet.Volume(oldExport.volumeName(), "Bound", 50 * GIB, "staging-shop/old-export", oldExportVolume,
                now.minus(Duration.ofDays(40))));
        // bound but mounted by nobody: attached to nothing either
        cloud.add(volume(region, oldExportVolume, "available", 50, "gp3", 3000, 125, null, now.minus(Duration.ofDays(40)),
                Map.of("kubernetes.io/created-for/pvc/name", "old-export")));
        planted.add(new PlantedWaste(FindingKind.UNUSED_PVC, new ObjectRef(cluster, "staging-shop", "PersistentVolumeClaim",
                "old-export").key(), cluster, "staging-shop", Map.of("sizeGib", "50", "volumeType", "gp3",
                "cloudVolumeId", oldExportVolume, "ageDays", "40")));

        String releasedVolume = ids.next("vol");
        String releasedPv = "pvc-" + ids.next("uid");
        volumes.add(new SimFleet.Volume(releasedPv, "Released", 100 * GIB, "payments/data-ledger-old", releasedVolume,
                now.minus(Duration.ofDays(70))));
        cloud.add(volume(region, releasedVolume, "available", 100, "gp3", 3000, 125, null, now.minus(Duration.ofDays(70)),
                Map.of("kubernetes.io/created-for/pv/name", releasedPv)));
        planted.add(new PlantedWaste(FindingKind.RELEASED_PV, ObjectRef.clusterScoped(cluster, "PersistentVolume", releasedPv).key(),
                cluster, "", Map.of("sizeGib", "100", "volumeType", "gp3", "cloudVolumeId", releasedVolume, "ageDays", "70")));

        services.add(new SimFleet.Service("shop", "legacy-api", "LoadBalancer", 0,
                "legacy-api-" + ids.next("lb").substring(3) + ".elb." + region + ".amazonaws.com", now.minus(Duration.ofDays(30))));
        planted.add(new PlantedWaste(FindingKind.SERVICE_WITHOUT_ENDPOINTS, new ObjectRef(cluster, "shop", "Service",
                "legacy-api").key(), cluster, "shop", Map.of("type", "LoadBalancer", "ageDays", "30")));

        planted.add(new PlantedWaste(FindingKind.IDLE_NAMESPACE, ObjectRef.clusterScoped(cluster, "Namespace",
                "old-campaign").key(), cluster, "old-campaign", Map.of("workloads", "Deployment/landing-page")));

        for (SimFleet.Namespace namespace : namespaces) {
            if (!namespace.production() && !namespace.name().equals("old-campaign")) {
                planted.add(new PlantedWaste(FindingKind.OFF_HOURS_SCHEDULE, ObjectRef.clusterScoped(cluster, "Namespace",
                        namespace.name()).key(), cluster, namespace.name(),
                        Map.of("activeHours", "Mon-Fri 08:00-19:00", "timeZone", Archetype.OFFICE_ZONE.getId())));
            }
        }
    }

    private PlantedWaste cloudWaste(FindingKind kind, String region, String id, String cluster, Map<String, String> facts) {
        return new PlantedWaste(kind, ref(region, id).key(), cluster, "", facts);
    }

    private List<SimFleet.Namespace> namespaces(String cluster) {
        Instant created = now.minus(Duration.ofDays(180));
        List<SimFleet.Namespace> list = new ArrayList<>();
        list.add(namespace("kube-system", "platform", "production", created, true));
        list.add(namespace("monitoring", "platform", "production", created, true));
        list.add(namespace("platform", "platform", "production", created, true));
        list.add(namespace("shop", "web", "production", created, true));
        list.add(namespace("payments", "payments", "production", created, true));
        list.add(namespace("search", "search", "production", created, true));
        list.add(namespace("data", "data", "production", created, true));
        list.add(namespace("staging-shop", "web", "staging", created, false));
        list.add(namespace("dev-tools", "data", "development", created, false));
        list.add(namespace("old-campaign", "marketing", "production", now.minus(Duration.ofDays(300)), true));
        return list;
    }

    private static SimFleet.Namespace namespace(String name, String team, String env, Instant created, boolean production) {
        return new SimFleet.Namespace(name, Map.of("team", team, "env", env, "kubernetes.io/metadata.name", name),
                Map.of(ReclaimerLabels.OWNER_EMAIL, team + "-team@example.com"), created, production);
    }

    private List<SimFleet.Workload> workloads(String cluster, SplittableRandom random) {
        List<SimFleet.Workload> list = new ArrayList<>();
        // namespace, name, kind, archetype, replicas, hpa, pool, claims, containers
        list.add(workload(cluster, random, "shop", "frontend", "Deployment", Archetype.DIURNAL, 3, null, "general", List.of(),
                container("app", 0.5, 512, null, 768, 0.15, 300), container("envoy", 0.1, 128, null, 256, 0.02, 60)));
        list.add(workload(cluster, random, "shop", "cart", "Deployment", Archetype.STEADY, 2, null, "general", List.of(),
                container("app", 1.0, 1024, 1.0, 1024, 0.12, 350)));
        list.add(workload(cluster, random, "shop", "checkout", "Deployment", Archetype.SPIKY, 2,
                new HpaInfo("checkout", 2, 6, List.of("cpu")), "general", List.of(),
                container("app", 0.25, 256, null, 512, 0.12, 200)));
        list.add(workload(cluster, random, "shop", "catalog", "Deployment", Archetype.STEADY, 2, null, "general", List.of(),
                container("app", 0.2, 256, null, 512, 0.26, 230)));
        list.add(workload(cluster, random, "payments", "ledger", "StatefulSet", Archetype.STEADY, 3, null, "general",
                List.of("data"), container("postgres", 2.0, 4096, 2.0, 4096, 0.3, 1200)));
        list.add(workload(cluster, random, "payments", "fraud-scorer", "Deployment", Archetype.LEAKING, 2, null, "general",
                List.of(), container("app", 0.5, 768, null, 1024, 0.2, 640)));
        list.add(workload(cluster, random, "search", "indexer", "CronJob", Archetype.BATCH, 1, null, "spot", List.of(),
                container("indexer", 1.0, 2048, null, 3072, 0.5, 1200)));
        list.add(workload(cluster, random, "search", "query", "Deployment", Archetype.DIURNAL, 3,
                new HpaInfo("query", 2, 8, List.of("cpu")), "general", List.of(),
                container("app", 0.5, 1024, null, 1536, 0.2, 600)));
        list.add(workload(cluster, random, "data", "etl", "Deployment", Archetype.BATCH, 1, null, "spot", List.of(),
                container("worker", 2.0, 4096, null, 6144, 1.0, 2500)));
        list.add(workload(cluster, random, "data", "reports", "Deployment", Archetype.STEADY, 1,
                new HpaInfo("reports", 1, 4, List.of("pods:queue_depth")), "general", List.of(),
                container("app", 1.0, 2048, null, 2048, 0.1, 500)));
        list.add(workload(cluster, random, "platform", "log-agent", "DaemonSet", Archetype.STEADY, 0, null, "", List.of(),
                container("fluent-bit", 0.2, 256, null, 512, 0.05, 120)));
        list.add(workload(cluster, random, "kube-system", "coredns", "Deployment", Archetype.STEADY, 2, null, "general", List.of(),
                container("coredns", 0.1, 70, null, 170, 0.01, 30)));
        list.add(workload(cluster, random, "monitoring", "prometheus", "StatefulSet", Archetype.STEADY, 1, null, "general",
                List.of("storage"), container("prometheus", 1.0, 4096, null, 6144, 0.4, 2200)));
        list.add(workload(cluster, random, "staging-shop", "frontend", "Deployment", Archetype.OFF_HOURS, 2, null, "general",
                List.of(), container("app", 0.5, 512, null, 768, 0.12, 250)));
        list.add(workload(cluster, random, "staging-shop", "cart", "Deployment", Archetype.OFF_HOURS, 1, null, "general",
                List.of(), container("app", 0.5, 1024, null, 1024, 0.08, 300)));
        list.add(workload(cluster, random, "dev-tools", "jupyter", "Deployment", Archetype.OFF_HOURS, 1, null, "general",
                List.of(), container("notebook", 1.0, 2048, null, 4096, 0.3, 900)));
        list.add(workload(cluster, random, "old-campaign", "landing-page", "Deployment", Archetype.IDLE, 2, null, "general",
                List.of(), container("nginx", 0.25, 256, null, 256, 0.05, 120)));
        return list;
    }

    private SimFleet.Workload workload(String cluster, SplittableRandom random, String namespace, String name, String kind,
                                       Archetype archetype, int replicas, HpaInfo hpa, String pool, List<String> claims,
                                       SimFleet.Container... containers) {
        // seeded variety: ±20% load and, for stateless services, one replica more or less
        double scale = 0.8 + 0.4 * random.nextDouble();
        int seededReplicas = replicas;
        if (hpa == null && claims.isEmpty() && kind.equals("Deployment") && replicas > 1 && archetype != Archetype.IDLE) {
            seededReplicas = replicas + random.nextInt(-1, 2);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", name);
        labels.put("app.kubernetes.io/part-of", namespace);
        return new SimFleet.Workload(new WorkloadRef(cluster, namespace, kind, name), archetype, seededReplicas, hpa,
                List.of(containers), pool, Map.copyOf(labels), claims, scale);
    }

    private static SimFleet.Container container(String name, double cpuRequest, int memRequestMib, Double cpuLimit,
                                                int memLimitMib, double baseCpu, int baseMemMib) {
        return new SimFleet.Container(name, new ResourceAmounts(cpuRequest, memRequestMib * MIB),
                new ResourceAmounts(cpuLimit, memLimitMib * MIB), baseCpu, baseMemMib * MIB);
    }

    /** Enough nodes for the requests at ~75% allocation: on-demand m5.xlarge, spot m5.large for batch. */
    private List<SimFleet.Node> nodes(String cluster, String region, List<SimFleet.Workload> workloads, SplittableRandom random) {
        double generalCpu = 0;
        double spotCpu = 0;
        for (SimFleet.Workload w : workloads) {
            double cpu = w.containers().stream().mapToDouble(c -> c.requests().cpuCores()).sum()
                    * Math.max(1, w.hpa() != null ? w.hpa().maxReplicas() / 2 : w.replicas());
            if (w.pool().equals("spot")) {
                spotCpu += cpu;
            } else {
                generalCpu += cpu;
            }
        }
        int general = Math.max(2, (int) Math.ceil(generalCpu / (3.92 * 0.75)));
        int spot = Math.max(1, (int) Math.ceil(spotCpu / (1.93 * 0.75)));
        List<SimFleet.Node> nodes = new ArrayList<>();
        String[] zones = {region + "a", region + "b", region + "c"};
        for (int i = 0; i < general + spot; i++) {
            boolean isSpot = i >= general;
            String ipSuffix = (10 + i) + "-" + (random.nextInt(1, 250));
            nodes.add(new SimFleet.Node("ip-10-" + (i % 3) + "-" + ipSuffix + "." + region + ".compute.internal",
                    isSpot ? "m5.large" : "m5.xlarge", zones[i % zones.length],
                    isSpot ? CapacityType.SPOT : CapacityType.ON_DEMAND, isSpot ? "spot" : "general",
                    isSpot ? 2 : 4, (isSpot ? 8 : 16) * GIB, "i-0" + hex(config.seed(), cluster, "node" + i, 16)));
        }
        return nodes;
    }

    private CloudResourceRef ref(String region, String id) {
        return CloudResourceRef.aws(config.account(), region, id);
    }

    private EbsVolume volume(String region, String id, String state, int gib, String type, Integer iops, Integer throughput,
                             String instance, Instant created, Map<String, String> tags) {
        List<EbsVolume.Attachment> attachments = instance == null ? List.of()
                : List.of(new EbsVolume.Attachment(instance, "/dev/xvdf", "attached", created));
        return new EbsVolume(ref(region, id), state, gib, type, iops, throughput, attachments, null, created, tags, now);
    }

    private LoadBalancer loadBalancer(String region, String name, String type, Instant created, int registered, int healthy,
                                      Map<String, String> tags) {
        String arnPrefix = "arn:aws:elasticloadbalancing:" + region + ":" + config.account();
        String kind = type.equals("network") ? "net" : "app";
        return new LoadBalancer(ref(region, name), name, type, arnPrefix + ":loadbalancer/" + kind + "/" + name + "/0a1b2c3d4e5f",
                name + ".elb." + region + ".amazonaws.com", created,
                List.of(new LoadBalancer.TargetGroup(arnPrefix + ":targetgroup/" + name + "-tg/0f1e2d3c", registered, healthy)),
                tags, now);
    }

    private static String ip(int cluster, int host) {
        return "203.0." + (113 + cluster % 100) + "." + host;
    }

    static SimFleet generate(SimulatorConfig config, Instant now) {
        return new FleetGenerator(config, now).generate();
    }

    static String hex(long seed, String cluster, String what, int length) {
        StringBuilder out = new StringBuilder();
        long series = Noise.hash(cluster + "/" + what);
        for (int i = 0; out.length() < length; i++) {
            out.append(Long.toHexString((long) (Noise.uniform(seed, series, i) * 0xFFFFFFFFL)));
        }
        return out.substring(0, length).toLowerCase(Locale.ROOT);
    }

    /** Deterministic AWS-looking ids: vol-0…, snap-0…, eipalloc-0…, i-0…, per cluster and sequence. */
    private static final class CloudIds {
        private final long seed;
        private final String cluster;
        private int next;

        CloudIds(long seed, String cluster) {
            this.seed = seed;
            this.cluster = cluster;
        }

        String next(String prefix) {
            return prefix + "-0" + hex(seed, cluster, prefix + (next++), 16);
        }
    }
}
