package io.reclaimer.collectors.kubernetes;

import io.reclaimer.testkit.kubernetes.MockApiServer;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.agent.AgentStateSink;
import io.reclaimer.collectors.kubernetes.state.KafkaPriorInventory;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * From the CRUD mock API server through the idempotent producer into the real broker, deletions included,
 * also those made while no collector ran.
 */
@ExtendWith(KafkaExtension.class)
@ExtendWith(MockApiServer.class)
class KubernetesCollectorIT {

    private static final KubernetesCollectorConfig FAST = new KubernetesCollectorConfig(null, null,
            Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(10), null, null, null, null, null, null,
            null, null, null);

    KubernetesClient client;

    @Test
    void streamsWorkloadSpecsUsageAndTombstonesIntoKafka(KafkaTestCluster kafka) throws Exception {
        Topics topics = kafka.createTopics("k8s-collector");
        client.resource(ClusterFixtures.node("ip-10-0-1-7", "m5.large", Map.of())).create();
        PodSpec spec = ClusterFixtures.podSpec("app", "250m", "512Mi", null, "1Gi");
        Deployment web = client.resource(ClusterFixtures.deployment("web", 2, spec)).create();
        ReplicaSet rs = client.resource(ClusterFixtures.replicaSet("web-6b7c8d9f5", web, spec)).create();
        client.resource(ClusterFixtures.pod("web-6b7c8d9f5-h2k4p", rs, "ip-10-0-1-7", spec)).create();
        client.resource(ClusterFixtures.pod("debug", null, "ip-10-0-1-7", spec)).create();
        client.resources(PodMetrics.class).inNamespace(NS)
                .resource(ClusterFixtures.podMetrics("web-6b7c8d9f5-h2k4p", "app", "120m", "300Mi")).create();

        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (KafkaEventSink sink = KafkaEventSink.connect(kafka.client(), "k8s-collector-it", Map.of());
             KubernetesCollector collector = KubernetesCollector.forClusters(FAST,
                     List.of(new KubernetesCollector.Cluster("prod-eu", client, null)), topics, new PrometheusRegistry(),
                     Clock.systemUTC())) {
            Future<?> running = runner.submit(() -> {
                collector.run(sink, PriorInventory.empty(), stop);
                return null;
            });

            var specs = kafka.readUntil(topics.workloads(), records -> records.stream()
                    .anyMatch(r -> r.key().equals("prod-eu/shop/Pod/debug/app")), Duration.ofSeconds(30));
            assertThat(specs).filteredOn(r -> r.key().equals("prod-eu/shop/Deployment/web/app")).first()
                    .satisfies(r -> assertThat(((WorkloadContainerSpec) r.value()).replicas()).isEqualTo(2));
            var usage = kafka.readAtLeast(topics.usageSamples(), 1, Duration.ofSeconds(30));
            assertThat(usage.get(0).key()).isEqualTo("prod-eu/shop/Deployment/web/app");
            assertThat(usage.get(0).value().cpuCores()).isEqualTo(0.12);

            client.pods().inNamespace(NS).withName("debug").delete();

            var afterDelete = kafka.readUntil(topics.workloads(), records -> records.stream()
                    .anyMatch(r -> r.key().equals("prod-eu/shop/Pod/debug/app") && r.value() == null), Duration.ofSeconds(30));
            assertThat(afterDelete).filteredOn(r -> r.value() == null).extracting(r -> r.key())
                    .containsExactly("prod-eu/shop/Pod/debug/app");
            stop.countDown();
            running.get();
        } finally {
            stop.countDown();
            runner.shutdownNow();
        }
    }

    @Test
    void aRestartedCollectorTombstonesWhatWasDeletedWhileNoCollectorRan(KafkaTestCluster kafka) throws Exception {
        Topics topics = kafka.createTopics("k8s-collector-restart");
        kafka.createAgentState(topics, "eu-agent");
        client.resource(ClusterFixtures.node("ip-10-0-1-7", "m5.large", Map.of())).create();
        PodSpec spec = ClusterFixtures.podSpec("app", "250m", "512Mi", null, "1Gi");
        client.resource(ClusterFixtures.deployment("web", 2, spec)).create();
        client.resource(ClusterFixtures.pod("debug", null, "ip-10-0-1-7", spec)).create();
        client.resource(ClusterFixtures.pvc("scratch", "pv-scratch")).create();
        // one process collected prod-eu and, as if another collector did, prod-us (same API server)
        try (EventSink sink = new AgentStateSink(KafkaEventSink.connect(kafka.client(), "k8s-collector-it", Map.of()),
                     topics, "eu-agent");
             KubernetesCollector first = KubernetesCollector.forClusters(FAST, List.of(
                     new KubernetesCollector.Cluster("prod-eu", client, null),
                     new KubernetesCollector.Cluster("prod-us", client, null)), topics, new PrometheusRegistry(),
                     Clock.systemUTC())) {
            assertThat(first.collectOnce(sink, PriorInventory.empty()).complete()).isTrue();
        }

        // deleted while no collector ran
        client.pods().inNamespace(NS).withName("debug").delete();
        client.persistentVolumeClaims().inNamespace(NS).withName("scratch").delete();

        PriorInventory prior = KafkaPriorInventory.of(
                AgentState.read(kafka.client(), topics, "eu-agent", Duration.ofSeconds(30)), topics);
        assertThat(prior.workloadKeys("prod-eu")).contains("prod-eu/shop/Pod/debug/app", "prod-eu/shop/Deployment/web/app");
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (EventSink sink = new AgentStateSink(KafkaEventSink.connect(kafka.client(), "k8s-collector-it", Map.of()),
                     topics, "eu-agent");
             KubernetesCollector restarted = KubernetesCollector.forClusters(FAST,
                     List.of(new KubernetesCollector.Cluster("prod-eu", client, null)), topics, new PrometheusRegistry(),
                     Clock.systemUTC())) {
            Future<?> running = runner.submit(() -> {
                restarted.run(sink, prior, stop);
                return null;
            });

            kafka.readUntil(topics.kubernetesInventory(), records -> records.stream().anyMatch(r -> r.value() == null),
                    Duration.ofSeconds(30));
            var specs = kafka.readUntil(topics.workloads(), records -> records.stream()
                    .anyMatch(r -> r.value() == null), Duration.ofSeconds(30));
            stop.countDown();
            running.get();

            assertThat(specs).filteredOn(r -> r.value() == null).extracting(r -> r.key())
                    .containsExactly("prod-eu/shop/Pod/debug/app");
            assertThat(CompactedTopicReader.liveKeys(kafka.client(), topics.workloads(), Duration.ofSeconds(30)))
                    .containsExactlyInAnyOrder("prod-eu/shop/Deployment/web/app", "prod-us/shop/Deployment/web/app",
                            "prod-us/shop/Pod/debug/app");
            assertThat(CompactedTopicReader.liveKeys(kafka.client(), topics.kubernetesInventory(),
                    Duration.ofSeconds(30))).contains("prod-us/shop/PersistentVolumeClaim/scratch", "prod-eu//Node/ip-10-0-1-7")
                    .doesNotContain("prod-eu/shop/PersistentVolumeClaim/scratch");
        } finally {
            stop.countDown();
            runner.shutdownNow();
        }
    }
}
