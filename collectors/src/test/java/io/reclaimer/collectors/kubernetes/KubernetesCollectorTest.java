package io.reclaimer.collectors.kubernetes;

import org.junit.jupiter.api.extension.ExtendWith;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.kubernetes.KubernetesCollector.Cluster;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One collectOnce of {@link ShopCluster} against the CRUD mock API server, read by every test. */
@ExtendWith(MockApiServer.class)
class KubernetesCollectorTest {

    private static final long GIB = 1L << 30;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T12:00:30Z"), ZoneOffset.UTC);

    static KubernetesClient client;
    private static final Topics TOPICS = Topics.defaults();
    private static final RecordingSink SINK = new RecordingSink();
    private final Topics topics = TOPICS;
    private final RecordingSink sink = SINK;

    @BeforeAll
    static void collectTheShopOnce() {
        ShopCluster.create(client);
        try (KubernetesCollector collector = KubernetesCollector.forClusters(KubernetesCollectorConfig.defaults(),
                List.of(new Cluster("prod", client, null)), TOPICS, new PrometheusRegistry(), CLOCK)) {
            KubernetesCollector.OnceResult result = collector.collectOnce(SINK, PriorInventory.empty());
            assertThat(result.complete()).isTrue();
            assertThat(result.collected()).containsExactly("prod");
        }
    }

    @Test
    void resolvesEveryPodToTheWorkloadAPersonManages() {
        assertThat(sink.values(topics.workloads(), WorkloadContainerSpec.class))
                .extracting(spec -> spec.container().key())
                .containsExactlyInAnyOrder("prod/shop/Deployment/web/app", "prod/shop/CronJob/nightly-backup/backup",
                        "prod/shop/StatefulSet/db/postgres", "prod/shop/DaemonSet/agent/agent", "prod/shop/Pod/debug/shell");
    }

    @Test
    void emitsRequestsLimitsReplicasQosAndLabelsPerWorkloadContainer() {
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
        assertThat(spec("prod/shop/Deployment/web/app").hpa().metrics()).containsExactly("cpu");
        assertThat(spec("prod/shop/Deployment/web/app").hpa().scalesOnCpu()).isTrue();
        assertThat(spec("prod/shop/StatefulSet/db/postgres").hpa().metrics()).containsExactly("pods:connections");
        assertThat(spec("prod/shop/StatefulSet/db/postgres").hpa().scalesOnCpu()).isFalse();
        assertThat(spec("prod/shop/DaemonSet/agent/agent").hpa()).isNull();
    }

    @Test
    void pricesNodesByInstanceAndCapacityTypeAndWorkloadsByTheNodesTheirPodsRunOn() {
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
        // where the running pods are, for the underutilized-node finding
        assertThat(web.podsByNode()).containsOnlyKeys("ip-10-0-1-7");
        assertThat(spec("prod/shop/StatefulSet/db/postgres").podsByNode()).isEqualTo(java.util.Map.of("ip-10-0-1-8", 1));
    }

    @Test
    void tracksWhichPodsMountEachClaimAndWhichVolumeIsBehindIt() {
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
    void reportsTheUidOfEveryObjectAnActionMayChange() {
        // the identity an executor compares before it deletes, downsizes or schedules: what the API server assigned
        var claim = (PersistentVolumeClaimInfo) sink.latest(topics.kubernetesInventory(),
                "prod/shop/PersistentVolumeClaim/orphan").orElseThrow();
        assertThat(claim.uid()).isNotBlank()
                .isEqualTo(client.persistentVolumeClaims().inNamespace("shop").withName("orphan").get().getMetadata().getUid());
        var volume = (PersistentVolumeInfo) sink.latest(topics.kubernetesInventory(),
                "prod//PersistentVolume/pv-data-db-0").orElseThrow();
        assertThat(volume.uid()).isEqualTo(client.persistentVolumes().withName("pv-data-db-0").get().getMetadata().getUid());
        var namespace = (NamespaceInfo) sink.latest(topics.kubernetesInventory(), "prod//Namespace/shop").orElseThrow();
        assertThat(namespace.uid()).isEqualTo(client.namespaces().withName("shop").get().getMetadata().getUid());
        assertThat(spec("prod/shop/Deployment/web/app").workloadUid()).isNotBlank()
                .isEqualTo(client.apps().deployments().inNamespace("shop").withName("web").get().getMetadata().getUid());
    }

    @Test
    void countsReadyEndpointsOverAllSlicesOfAService() {
        var service = (ServiceInfo) sink.latest(topics.kubernetesInventory(), "prod/shop/Service/storefront").orElseThrow();
        assertThat(service.isLoadBalancer()).isTrue();
        assertThat(service.readyEndpoints()).as("true + unset + true; the not-ready one does not count").isEqualTo(3);
        assertThat(service.loadBalancerHostname()).isEqualTo("a1b2.elb.us-east-1.amazonaws.com");
        var namespace = (NamespaceInfo) sink.latest(topics.kubernetesInventory(), "prod//Namespace/shop").orElseThrow();
        assertThat(namespace.labels()).containsEntry("team", "checkout");
    }

    @Test
    void emitsOneUsageSamplePerContainerFromTheMetricsApi() {
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
        assertThat(sink.values(topics.containerEvents(), ContainerEvent.class)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ContainerEvent.Type.OOM_KILLED);
            assertThat(event.container().key()).isEqualTo("prod/shop/Deployment/web/app");
            assertThat(event.restartCount()).isEqualTo(2);
            assertThat(event.timestamp()).isEqualTo(Instant.parse("2025-01-01T11:58:00Z"));
            assertThat(event.memoryRequestBytes()).isEqualTo(GIB);
            assertThat(event.reason()).startsWith("OOMKilled");
        });
    }

    private WorkloadContainerSpec spec(String key) {
        return (WorkloadContainerSpec) sink.latest(topics.workloads(), key).orElseThrow(() -> new AssertionError(
                "no spec for " + key + " in " + sink.all()));
    }
}
