package io.reclaimer.collectors.kubernetes;

import static io.reclaimer.collectors.kubernetes.ClusterFixtures.NS;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.cpuUtilization;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.podSpec;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.podsMetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.kubernetes.KubernetesCollector.Cluster;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.collectors.pricing.PriceCatalog;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec.QosClass;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesCollectorTest {

    private static final long GIB = 1L << 30;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T12:00:30Z"), ZoneOffset.UTC);

    KubernetesClient client;
    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private final KubernetesCollectorConfig config = KubernetesCollectorConfig.defaults();
    private KubernetesCollector collector;

    @BeforeEach
    void shop() {
        create(ClusterFixtures.node("ip-10-0-1-7", "m5.large", Map.of("karpenter.sh/capacity-type", "spot",
                        "karpenter.sh/nodepool", "general")),
                ClusterFixtures.node("ip-10-0-1-8", "m5.large", Map.of("eks.amazonaws.com/capacityType", "ON_DEMAND",
                        "eks.amazonaws.com/nodegroup", "system")),
                ClusterFixtures.namespace(NS));
        PodSpec web = podSpec("app", "500m", "1Gi", null, "2Gi");
        Deployment deployment = create(ClusterFixtures.deployment("web", 3, web));
        ReplicaSet replicaSet = create(ClusterFixtures.replicaSet("web-7d9f8c6b5", deployment, web));
        create(ClusterFixtures.oomKilled(ClusterFixtures.pod("web-7d9f8c6b5-x2v4q", replicaSet, "ip-10-0-1-7", web),
                "app", 2, "2025-01-01T11:58:00Z"));
        create(ClusterFixtures.pod("web-7d9f8c6b5-k8m2z", replicaSet, "ip-10-0-1-7", web));
        create(ClusterFixtures.hpa("web", "Deployment", "web", cpuUtilization(70)));

        PodSpec batch = podSpec("backup", "1", "512Mi", "1", "512Mi");
        CronJob cronJob = create(ClusterFixtures.cronJob("nightly-backup", batch));
        Job job = create(ClusterFixtures.job("nightly-backup-28934580", cronJob, batch));
        create(ClusterFixtures.pod("nightly-backup-28934580-q7w2x", job, "ip-10-0-1-8", batch));

        PodSpec database = new PodSpecBuilder(podSpec("postgres", "2", "4Gi", null, null)).withVolumes(
                new VolumeBuilder().withName("data").withNewPersistentVolumeClaim().withClaimName("data-db-0")
                        .endPersistentVolumeClaim().build()).build();
        StatefulSet db = create(ClusterFixtures.statefulSet("db", 1, database));
        create(ClusterFixtures.pod("db-0", db, "ip-10-0-1-8", database));
        create(ClusterFixtures.hpa("db", "StatefulSet", "db", podsMetric("connections")));
        create(ClusterFixtures.pvc("data-db-0", "pv-data-db-0"), ClusterFixtures.pvc("orphan", "pv-orphan"),
                ClusterFixtures.ebsVolume("pv-data-db-0", "vol-0abc123", "data-db-0"));

        PodSpec agent = podSpec("agent", null, null, null, null);
        create(ClusterFixtures.pod("agent-l9x8p", create(ClusterFixtures.daemonSet("agent", agent)), "ip-10-0-1-7", agent));
        create(ClusterFixtures.pod("debug", null, "ip-10-0-1-8", podSpec("shell", "100m", "64Mi", null, null)));

        create(ClusterFixtures.loadBalancer("storefront"),
                ClusterFixtures.slice("storefront-abc", "storefront", true, null, false),
                ClusterFixtures.slice("storefront-def", "storefront", true));
        client.resources(PodMetrics.class).inNamespace(NS)
                .resource(ClusterFixtures.podMetrics("web-7d9f8c6b5-x2v4q", "app", "250m", "600Mi")).create();
    }

    @AfterEach
    void close() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void resolvesEveryPodToTheWorkloadAPersonManages() {
        collectOnce();

        assertThat(sink.values(topics.workloads(), WorkloadContainerSpec.class))
                .extracting(spec -> spec.container().key())
                .containsExactlyInAnyOrder("prod/shop/Deployment/web/app", "prod/shop/CronJob/nightly-backup/backup",
                        "prod/shop/StatefulSet/db/postgres", "prod/shop/DaemonSet/agent/agent", "prod/shop/Pod/debug/shell");
    }

    @Test
    void emitsRequestsLimitsReplicasQosAndLabelsPerWorkloadContainer() {
        collectOnce();

        WorkloadContainerSpec web = spec("prod/shop/Deployment/web/app");
        assertThat(web.replicas()).isEqualTo(3);
        assertThat(web.requests().cpuCores()).isEqualTo(0.5);
        assertThat(web.requests().memoryBytes()).isEqualTo(GIB);
        assertThat(web.limits().cpuCores()).isNull();
        assertThat(web.limits().memoryBytes()).isEqualTo(2 * GIB);
        assertThat(web.qos()).isEqualTo(QosClass.BURSTABLE);
        assertThat(web.labels()).containsEntry("app", "web").containsEntry("team", "checkout");
        assertThat(web.observedAt()).isEqualTo(CLOCK.instant());
        assertThat(spec("prod/shop/CronJob/nightly-backup/backup").qos()).isEqualTo(QosClass.GUARANTEED);
        assertThat(spec("prod/shop/DaemonSet/agent/agent").qos()).isEqualTo(QosClass.BEST_EFFORT);
        assertThat(spec("prod/shop/DaemonSet/agent/agent").replicas()).as("one pod scheduled").isEqualTo(1);
        assertThat(spec("prod/shop/Pod/debug/shell").replicas()).isEqualTo(1);
    }

    @Test
    void detectsWhichWorkloadsAnHpaScalesAndOnWhichMetric() {
        collectOnce();

        assertThat(spec("prod/shop/Deployment/web/app").hpa().metrics()).containsExactly("cpu");
        assertThat(spec("prod/shop/Deployment/web/app").hpa().scalesOnCpu()).isTrue();
        assertThat(spec("prod/shop/StatefulSet/db/postgres").hpa().metrics()).containsExactly("pods:connections");
        assertThat(spec("prod/shop/StatefulSet/db/postgres").hpa().scalesOnCpu()).isFalse();
        assertThat(spec("prod/shop/DaemonSet/agent/agent").hpa()).isNull();
    }

    @Test
    void pricesNodesByInstanceAndCapacityTypeAndWorkloadsByTheNodesTheirPodsRunOn() {
        collectOnce();

        NodeInfo spot = (NodeInfo) sink.latest(topics.kubernetesInventory(), "prod//Node/ip-10-0-1-7").orElseThrow();
        assertThat(spot.capacityType()).isEqualTo(NodeInfo.CapacityType.SPOT);
        assertThat(spot.instanceType()).isEqualTo("m5.large");
        assertThat(spot.region()).isEqualTo("us-east-1");
        assertThat(spot.zone()).isEqualTo("us-east-1a");
        assertThat(spot.nodePool()).isEqualTo("general");
        assertThat(spot.hourlyUsd()).isEqualTo(0.0336);
        assertThat(spot.capacity().cpuCores()).isEqualTo(2.0);
        assertThat(spot.allocatable().cpuCores()).isEqualTo(1.93);
        NodeInfo onDemand = (NodeInfo) sink.latest(topics.kubernetesInventory(), "prod//Node/ip-10-0-1-8").orElseThrow();
        assertThat(onDemand.capacityType()).isEqualTo(NodeInfo.CapacityType.ON_DEMAND);
        assertThat(onDemand.hourlyUsd()).isEqualTo(0.096);
        assertThat(onDemand.nodePool()).isEqualTo("system");

        UnitPrices expected = new NodePricer(PriceCatalog.shipped()).split(0.0336, 2, 8);
        WorkloadContainerSpec web = spec("prod/shop/Deployment/web/app");
        assertThat(web.nodePool()).isEqualTo("general");
        assertThat(web.prices().cpuUsdPerCoreHour()).isCloseTo(expected.cpuUsdPerCoreHour(), offset(1e-12));
        assertThat(web.prices().memoryUsdPerGibHour()).isCloseTo(expected.memoryUsdPerGibHour(), offset(1e-12));
        assertThat(spec("prod/shop/StatefulSet/db/postgres").nodePool()).isEqualTo("system");
    }

    @Test
    void tracksWhichPodsMountEachClaimAndWhichVolumeIsBehindIt() {
        collectOnce();

        var data = (PersistentVolumeClaimInfo) sink.latest(topics.kubernetesInventory(),
                "prod/shop/PersistentVolumeClaim/data-db-0").orElseThrow();
        assertThat(data.mountedByPods()).containsExactly("db-0");
        assertThat(data.requestedBytes()).isEqualTo(20 * GIB);
        assertThat(data.phase()).isEqualTo("Bound");
        var orphan = (PersistentVolumeClaimInfo) sink.latest(topics.kubernetesInventory(),
                "prod/shop/PersistentVolumeClaim/orphan").orElseThrow();
        assertThat(orphan.mountedByPods()).isEmpty();
        var volume = (PersistentVolumeInfo) sink.latest(topics.kubernetesInventory(),
                "prod//PersistentVolume/pv-data-db-0").orElseThrow();
        assertThat(volume.cloudVolumeId()).isEqualTo("vol-0abc123");
        assertThat(volume.claimRef()).isEqualTo("shop/data-db-0");
        assertThat(volume.reclaimPolicy()).isEqualTo("Retain");
    }

    @Test
    void countsReadyEndpointsOverAllSlicesOfAService() {
        collectOnce();

        var service = (ServiceInfo) sink.latest(topics.kubernetesInventory(), "prod/shop/Service/storefront").orElseThrow();
        assertThat(service.isLoadBalancer()).isTrue();
        assertThat(service.readyEndpoints()).as("true + unset + true; the not-ready one does not count").isEqualTo(3);
        assertThat(service.loadBalancerHostname()).isEqualTo("a1b2.elb.us-east-1.amazonaws.com");
        var namespace = (NamespaceInfo) sink.latest(topics.kubernetesInventory(), "prod//Namespace/shop").orElseThrow();
        assertThat(namespace.labels()).containsEntry("team", "checkout");
    }

    @Test
    void emitsOneUsageSamplePerContainerFromTheMetricsApi() {
        collectOnce();

        assertThat(sink.values(topics.usageSamples(), UsageSample.class)).singleElement().satisfies(sample -> {
            assertThat(sample.container().key()).isEqualTo("prod/shop/Deployment/web/app");
            assertThat(sample.pod()).isEqualTo("web-7d9f8c6b5-x2v4q");
            assertThat(sample.cpuCores()).isEqualTo(0.25);
            assertThat(sample.memoryWorkingSetBytes()).isEqualTo(600L << 20);
            assertThat(sample.timestamp()).isEqualTo(Instant.parse("2025-01-01T12:00:00Z"));
        });
    }

    @Test
    void reportsAnOomKillFromThePodStatusOnce() {
        collectOnce();

        assertThat(sink.values(topics.containerEvents(), ContainerEvent.class)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ContainerEvent.Type.OOM_KILLED);
            assertThat(event.container().key()).isEqualTo("prod/shop/Deployment/web/app");
            assertThat(event.restartCount()).isEqualTo(2);
            assertThat(event.timestamp()).isEqualTo(Instant.parse("2025-01-01T11:58:00Z"));
            assertThat(event.memoryRequestBytes()).isEqualTo(GIB);
            assertThat(event.reason()).startsWith("OOMKilled");
        });
    }

    @Test
    void streamsChangesTombstonesDeletionsAndReportsEachRestartOnce() throws Exception {
        collector = collector(Map.of("prod", client));
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = runner.submit(() -> {
                collector.run(sink, stop);
                return null;
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.latest(topics.workloads(),
                    "prod/shop/Pod/debug/shell").isPresent());
            int eventsBefore = sink.values(topics.containerEvents(), ContainerEvent.class).size();

            client.apps().deployments().inNamespace(NS).withName("web").delete();
            client.apps().replicaSets().inNamespace(NS).withName("web-7d9f8c6b5").delete();
            client.pods().inNamespace(NS).withName("web-7d9f8c6b5-x2v4q").delete();
            client.pods().inNamespace(NS).withName("web-7d9f8c6b5-k8m2z").delete();
            client.pods().inNamespace(NS).withName("debug").delete();
            client.persistentVolumeClaims().inNamespace(NS).withName("orphan").delete();
            Pod db = client.pods().inNamespace(NS).withName("db-0").get();
            client.pods().inNamespace(NS).resource(new PodBuilder(ClusterFixtures.oomKilled(db, "postgres", 1,
                    "2025-01-01T12:05:00Z")).build()).update();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(sink.tombstoned(topics.workloads(), "prod/shop/Deployment/web/app")).isTrue();
                assertThat(sink.tombstoned(topics.workloads(), "prod/shop/Pod/debug/shell")).isTrue();
                assertThat(sink.tombstoned(topics.kubernetesInventory(), "prod/shop/PersistentVolumeClaim/orphan")).isTrue();
                assertThat(sink.values(topics.containerEvents(), ContainerEvent.class)).hasSize(eventsBefore + 1);
            });
            assertThat(sink.latest(topics.workloads(), "prod/shop/StatefulSet/db/postgres")).isPresent();
            assertThat(sink.values(topics.containerEvents(), ContainerEvent.class).get(eventsBefore).container().key())
                    .isEqualTo("prod/shop/StatefulSet/db/postgres");

            stop.countDown();
            running.get();
        } finally {
            stop.countDown();
            runner.shutdownNow();
        }
    }

    @Test
    void anUnreachableClusterIsReportedAndDoesNotStopTheOthers() {
        KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
        try {
            collector = collector(new java.util.LinkedHashMap<>(Map.of("down", unreachable, "prod", client)));
            KubernetesCollector.OnceResult result = collector.collectOnce(sink);

            assertThat(result.collected()).containsExactly("prod");
            assertThat(result.failed()).containsOnlyKeys("down");
            assertThat(result.complete()).isFalse();
            assertThat(sink.values(topics.workloads(), WorkloadContainerSpec.class)).isNotEmpty()
                    .allSatisfy(spec -> assertThat(spec.container().cluster()).isEqualTo("prod"));
        } finally {
            unreachable.close();
        }
    }

    private void collectOnce() {
        collector = collector(Map.of("prod", client));
        KubernetesCollector.OnceResult result = collector.collectOnce(sink);
        assertThat(result.complete()).isTrue();
        assertThat(result.collected()).containsExactly("prod");
    }

    private KubernetesCollector collector(Map<String, KubernetesClient> clients) {
        List<Cluster> clusters = clients.entrySet().stream().map(e -> new Cluster(e.getKey(), e.getValue(), null)).toList();
        KubernetesCollectorConfig fast = new KubernetesCollectorConfig(null, null, Duration.ofMillis(200),
                Duration.ofMillis(100), Duration.ofSeconds(10), null, null, null, null, null, null, null, null);
        return KubernetesCollector.forClusters(fast, clusters, topics, new PrometheusRegistry(), CLOCK);
    }

    private WorkloadContainerSpec spec(String key) {
        return (WorkloadContainerSpec) sink.latest(topics.workloads(), key).orElseThrow(() -> new AssertionError(
                "no spec for " + key + " in " + sink.all()));
    }

    @SafeVarargs
    private <T extends HasMetadata> T create(T... objects) {
        T last = null;
        for (T object : objects) {
            last = client.resource(object).create();
        }
        return last;
    }
}
