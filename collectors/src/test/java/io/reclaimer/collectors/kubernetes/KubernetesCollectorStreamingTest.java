package io.reclaimer.collectors.kubernetes;

import org.junit.jupiter.api.extension.ExtendWith;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.kubernetes.KubernetesCollector.Cluster;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
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

/** The collector streaming changes of {@link ShopCluster}, and several clusters of which one is down. */
@ExtendWith(MockApiServer.class)
class KubernetesCollectorStreamingTest {

    KubernetesClient client;
    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private KubernetesCollector collector;

    @BeforeEach
    void shop() {
        ShopCluster.create(client);
    }

    @AfterEach
    void close() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void streamsChangesTombstonesDeletionsAndReportsEachRestartOnce() throws Exception {
        collector = collector(Map.of("prod", client));
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = runner.submit(() -> {
                collector.run(sink, PriorInventory.empty(), stop);
                return null;
            });
            // the first pass is complete once the shop's known OOM kill (the last thing a pass emits) is out
            await().atMost(Duration.ofMinutes(5)).until(() -> sink.latest(topics.workloads(),
                    "prod/shop/Pod/debug/shell").isPresent()
                    && !sink.values(topics.containerEvents(), ContainerEvent.class).isEmpty());
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

            await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
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
            KubernetesCollector.OnceResult result = collector.collectOnce(sink, PriorInventory.empty());

            assertThat(result.collected()).containsExactly("prod");
            assertThat(result.failed()).containsOnlyKeys("down");
            assertThat(result.complete()).isFalse();
            assertThat(sink.values(topics.workloads(), WorkloadContainerSpec.class)).isNotEmpty()
                    .allSatisfy(spec -> assertThat(spec.container().cluster()).isEqualTo("prod"));
        } finally {
            unreachable.close();
        }
    }

    private KubernetesCollector collector(Map<String, KubernetesClient> clients) {
        List<Cluster> clusters = clients.entrySet().stream().map(e -> new Cluster(e.getKey(), e.getValue(), null)).toList();
        KubernetesCollectorConfig fast = new KubernetesCollectorConfig(null, null, Duration.ofMillis(200),
                Duration.ofMillis(100), Duration.ofSeconds(10), null, null, null, null, null, null, null, null, null);
        return KubernetesCollector.forClusters(fast, clusters, topics, new PrometheusRegistry(), Clock.systemUTC());
    }
}
