package io.reclaimer.collectors.kubernetes;

import org.junit.jupiter.api.extension.ExtendWith;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.reclaimer.collectors.kubernetes.KubernetesCollector.Cluster;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector streaming through API-server trouble ({@link RestartableApiServer}): an outage and restart
 * that drops every watch, and a spell of failing reads. What changed meanwhile reaches the topics once the
 * cluster answers again (the informers relist), nothing is published for the cluster while it does not,
 * {@code reclaimer_kubernetes_cluster_up} follows, and the healthy cluster is collected throughout.
 */
@ExtendWith(MockApiServer.class)
class KubernetesCollectorReconnectTest {

    private static final String WEB = "prod/shop/Deployment/web/app";
    private static final String DB = "prod/shop/StatefulSet/db/postgres";
    private static final String DEBUG_POD = "prod/shop/Pod/debug/shell";
    private static final String ORPHAN_CLAIM = "prod/shop/PersistentVolumeClaim/orphan";
    private static final String NEW_CLAIM = "prod/shop/PersistentVolumeClaim/scratch";
    private static final Duration CONVERGED = Duration.ofMinutes(5);

    /** The healthy cluster, "staging". */
    KubernetesClient client;
    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private RestartableApiServer prod;
    private KubernetesClient prodClient;
    private KubernetesCollector collector;

    @BeforeEach
    void clusters() {
        prod = new RestartableApiServer();
        prodClient = prod.newCollectorClient();
        ShopCluster.create(prod.admin());
        ShopCluster.create(client);
    }

    @AfterEach
    void close() {
        stop.countDown();
        runner.shutdownNow();
        if (collector != null) {
            collector.close();
        }
        prodClient.close();
        prod.close();
    }

    @Test
    void afterAnApiServerOutageTheInformersRelistAndTheInventoryConvergesWhileTheOtherClusterIsCollected()
            throws Exception {
        Map<String, KubernetesClient> clusters = new LinkedHashMap<>();
        clusters.put("prod", prodClient);
        clusters.put("staging", client);
        Future<?> running = stream(clusters);
        await().atMost(CONVERGED).untilAsserted(() -> {
            assertThat(requests(WEB)).isEqualTo(new ResourceAmounts(0.5, 1L << 30));
            assertThat(sink.latest(topics.workloads(), "staging/shop/Deployment/web/app")).isPresent();
            assertThat(clusterUp("prod")).isEqualTo(1.0);
            assertThat(clusterUp("staging")).isEqualTo(1.0);
        });

        prod.stop();
        await().atMost(CONVERGED).untilAsserted(() -> {
            assertThat(clusterUp("prod")).isZero();
            assertThat(collector.clustersUp()).containsEntry("prod", false).containsEntry("staging", true);
        });
        int outageBegan = sink.all().size();
        // the cluster goes on changing while the collector cannot see it
        prod.admin().apps().deployments().inNamespace(NS).withName("web").edit(d -> new DeploymentBuilder(d)
                .editSpec().editTemplate().editSpec().editFirstContainer().editResources()
                .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("512Mi"))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build());
        prod.admin().pods().inNamespace(NS).withName("debug").delete();
        prod.admin().persistentVolumeClaims().inNamespace(NS).withName("orphan").delete();
        prod.admin().resource(ClusterFixtures.pvc("scratch", "pv-scratch")).create();
        // and the healthy cluster is still collected
        client.persistentVolumeClaims().inNamespace(NS).withName("orphan").delete();
        await().atMost(CONVERGED).until(() ->
                sink.tombstoned(topics.kubernetesInventory(), "staging/shop/PersistentVolumeClaim/orphan"));
        assertThat(clusterUp("staging")).isEqualTo(1.0);
        assertThat(clusterUp("prod")).isZero();
        assertThat(since(outageBegan)).as("nothing is published for a cluster that cannot be listed")
                .noneMatch(e -> e.key().startsWith("prod/"));

        prod.restart();
        await().atMost(CONVERGED).untilAsserted(() -> {
            assertThat(requests(WEB)).isEqualTo(new ResourceAmounts(0.25, 512L << 20));
            assertThat(sink.tombstoned(topics.workloads(), DEBUG_POD)).isTrue();
            assertThat(sink.tombstoned(topics.kubernetesInventory(), ORPHAN_CLAIM)).isTrue();
            assertThat(sink.latest(topics.kubernetesInventory(), NEW_CLAIM)).isPresent();
            assertThat(clusterUp("prod")).isEqualTo(1.0);
        });
        assertThat(prod.expiredWatches()).as("watches resumed from a version the restarted server no longer had")
                .isPositive();
        assertThat(sink.latest(topics.workloads(), DB)).as("what did not change is not tombstoned by the relist")
                .isPresent();

        stop.countDown();
        running.get(30, TimeUnit.SECONDS);
    }

    @Test
    void failingReadsNeitherStopTheCollectorNorLookLikeDeletionsAndItConvergesOnceTheyAnswer() throws Exception {
        Future<?> running = stream(Map.of("prod", prodClient));
        await().atMost(CONVERGED).untilAsserted(() -> {
            assertThat(sink.latest(topics.workloads(), DEBUG_POD)).isPresent();
            assertThat(clusterUp("prod")).isEqualTo(1.0);
        });

        // etcd stops answering and the watches break: the informers relist, and every list fails
        prod.failReads(true);
        prod.breakWatches();
        await().atMost(CONVERGED).untilAsserted(() -> {
            assertThat(prod.failedReads()).isGreaterThan(30);
            assertThat(clusterUp("prod")).isZero();
        });
        int failuresBegan = sink.all().size();
        prod.admin().apps().deployments().inNamespace(NS).withName("web").edit(d -> new DeploymentBuilder(d)
                .editSpec().editTemplate().editSpec().editFirstContainer().editResources()
                .addToRequests("cpu", new Quantity("250m")).endResources().endContainer().endSpec().endTemplate()
                .endSpec().build());
        prod.admin().pods().inNamespace(NS).withName("debug").delete();
        prod.admin().persistentVolumeClaims().inNamespace(NS).withName("orphan").delete();
        int failedBefore = prod.failedReads();
        await().atMost(CONVERGED).until(() -> prod.failedReads() > failedBefore + 30);
        assertThat(running).as("the collector keeps running").isNotDone();
        assertThat(since(failuresBegan)).as("a failed list is not an empty cluster")
                .noneMatch(e -> e.key().startsWith("prod/"));

        prod.failReads(false);
        await().atMost(CONVERGED).untilAsserted(() -> {
            assertThat(requests(WEB)).isEqualTo(new ResourceAmounts(0.25, 1L << 30));
            assertThat(sink.tombstoned(topics.workloads(), DEBUG_POD)).isTrue();
            assertThat(sink.tombstoned(topics.kubernetesInventory(), ORPHAN_CLAIM)).isTrue();
            assertThat(clusterUp("prod")).isEqualTo(1.0);
        });
        assertThat(sink.tombstones(topics.workloads())).containsExactly(DEBUG_POD);
        assertThat(sink.tombstones(topics.kubernetesInventory())).containsExactly(ORPHAN_CLAIM);

        stop.countDown();
        running.get(30, TimeUnit.SECONDS);
    }

    private Future<?> stream(Map<String, KubernetesClient> clients) {
        List<Cluster> clusters = clients.entrySet().stream().map(e -> new Cluster(e.getKey(), e.getValue(), null)).toList();
        KubernetesCollectorConfig fast = new KubernetesCollectorConfig(null, null, Duration.ofMillis(200),
                Duration.ofMillis(100), Duration.ofSeconds(10), null, null, null, null, null, null, null, null, null);
        collector = KubernetesCollector.forClusters(fast, clusters, topics, registry, Clock.systemUTC());
        return runner.submit(() -> {
            collector.run(sink, PriorInventory.empty(), stop);
            return null;
        });
    }

    private List<RecordingSink.Emitted> since(int index) {
        List<RecordingSink.Emitted> all = sink.all();
        return all.subList(index, all.size());
    }

    private ResourceAmounts requests(String key) {
        return sink.latest(topics.workloads(), key).map(spec -> ((WorkloadContainerSpec) spec).requests()).orElse(null);
    }

    private double clusterUp(String cluster) {
        return registry.scrape().stream().filter(s -> s.getMetadata().getName().equals("reclaimer_kubernetes_cluster_up"))
                .flatMap(s -> ((GaugeSnapshot) s).getDataPoints().stream())
                .filter(p -> cluster.equals(p.getLabels().get("cluster"))).mapToDouble(GaugeDataPointSnapshot::getValue)
                .findFirst().orElse(Double.NaN);
    }
}
