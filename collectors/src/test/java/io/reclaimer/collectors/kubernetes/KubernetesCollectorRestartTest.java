package io.reclaimer.collectors.kubernetes;

import org.junit.jupiter.api.extension.ExtendWith;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.kubernetes.KubernetesCollector.Cluster;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A collector that starts with what an earlier process left on the compacted topics ({@link PriorInventory}):
 * the first complete list of a cluster tombstones what was deleted meanwhile, and nothing else.
 */
@ExtendWith(MockApiServer.class)
class KubernetesCollectorRestartTest {

    private static final String SPEC_EXISTING = "prod/shop/Deployment/web/app";
    private static final String SPEC_DELETED = "prod/shop/Deployment/checkout/app";
    private static final String OBJECT_EXISTING = "prod//Node/ip-10-0-1-7";
    private static final String OBJECT_DELETED = "prod/shop/PersistentVolumeClaim/scratch";
    private static final String DOWN_SPEC = "down/shop/Deployment/web/app";
    private static final String DOWN_OBJECT = "down//Node/ip-10-0-9-9";
    private static final String OTHER_COLLECTORS_SPEC = "prod-us/shop/Deployment/web/app";

    /** As read from Kafka: every cluster's live keys, including one this collector does not collect. */
    private static final PriorInventory PRIOR = PriorInventory.of(
            List.of(SPEC_EXISTING, SPEC_DELETED, DOWN_SPEC, OTHER_COLLECTORS_SPEC),
            List.of(OBJECT_EXISTING, OBJECT_DELETED, DOWN_OBJECT));

    KubernetesClient client;
    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private KubernetesClient unreachable;
    private KubernetesCollector collector;

    @BeforeEach
    void shop() {
        ShopCluster.create(client);
        unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterEach
    void close() {
        if (collector != null) {
            collector.close();
        }
        unreachable.close();
    }

    @Test
    void tombstonesExactlyWhatWasDeletedWhileNoCollectorRan() {
        collector = collector(Map.of("prod", client));

        assertThat(collector.collectOnce(sink, PRIOR).complete()).isTrue();

        assertThat(sink.tombstones(topics.workloads())).containsExactly(SPEC_DELETED);
        assertThat(sink.tombstones(topics.kubernetesInventory())).containsExactly(OBJECT_DELETED);
        assertThat(sink.latest(topics.workloads(), SPEC_EXISTING)).as("republished, not tombstoned").isPresent();
        assertThat(sink.latest(topics.kubernetesInventory(), OBJECT_EXISTING)).isPresent();
        assertThat(sink.all()).as("another collector's cluster is not ours to touch")
                .noneMatch(e -> e.key().startsWith("prod-us/"));
    }

    @Test
    void neverTombstonesTheInventoryOfAClusterThatDoesNotAnswer() {
        collector = collector(Map.of("down", unreachable, "prod", client));

        KubernetesCollector.OnceResult result = collector.collectOnce(sink, PRIOR);

        assertThat(result.failed()).containsOnlyKeys("down");
        assertThat(sink.all()).noneMatch(e -> e.key().startsWith("down/"));
        assertThat(sink.tombstones(topics.workloads())).containsExactly(SPEC_DELETED);
        assertThat(sink.tombstones(topics.kubernetesInventory())).containsExactly(OBJECT_DELETED);
    }

    @Test
    void streamingTombstonesWhatVanishedOnceTheClusterHasListedAndLeavesTheUnreachableOneAlone() throws Exception {
        collector = collector(Map.of("down", unreachable, "prod", client));
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = runner.submit(() -> {
                collector.run(sink, PRIOR, stop);
                return null;
            });

            await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
                assertThat(sink.tombstones(topics.workloads())).containsExactly(SPEC_DELETED);
                assertThat(sink.tombstones(topics.kubernetesInventory())).containsExactly(OBJECT_DELETED);
                assertThat(collector.clustersUp()).containsEntry("prod", true).containsEntry("down", false);
            });
            stop.countDown();
            running.get();

            assertThat(sink.tombstones(topics.workloads())).as("sent once").containsExactly(SPEC_DELETED);
            assertThat(sink.latest(topics.workloads(), SPEC_EXISTING)).isPresent();
            assertThat(sink.all()).noneMatch(e -> e.key().startsWith("down/") || e.key().startsWith("prod-us/"));
        } finally {
            stop.countDown();
            runner.shutdownNow();
        }
    }

    private KubernetesCollector collector(Map<String, KubernetesClient> clients) {
        List<Cluster> clusters = clients.entrySet().stream().map(e -> new Cluster(e.getKey(), e.getValue(), null)).toList();
        KubernetesCollectorConfig fast = new KubernetesCollectorConfig(null, null, Duration.ofMillis(200),
                Duration.ofMillis(100), Duration.ofSeconds(10), null, null, null, null, null, null, null, null, null);
        return KubernetesCollector.forClusters(fast, clusters, topics, new PrometheusRegistry(), Clock.systemUTC());
    }
}
