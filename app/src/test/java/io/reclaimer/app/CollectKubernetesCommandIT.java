package io.reclaimer.app;

import io.reclaimer.testkit.kubernetes.MockApiServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.collectors.agent.AgentStateSink;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code reclaimer collect kubernetes --once} into the real broker, starting from what its own state topic holds. */
@ExtendWith(KafkaExtension.class)
@ExtendWith(MockApiServer.class)
class CollectKubernetesCommandIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    KubernetesClient client;

    @Test
    void tombstonesWhatAnEarlierRunPublishedAndTheClusterNoLongerHas(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        Topics topics = kafka.createTopics("collect-kubernetes");
        kafka.createAgentState(topics, "eu-agent");
        // left by an earlier run of this agent: a namespace deleted since; and the same name in a cluster another
        // agent owns, which this one never reads
        Instant before = Instant.now().minus(Duration.ofDays(1));
        NamespaceInfo ours = new NamespaceInfo(ObjectRef.clusterScoped("prod-eu", "Namespace", "retired"), Map.of(),
                Map.of(), before, before);
        try (EventSink earlier = new AgentStateSink(KafkaEventSink.connect(kafka.client(), "earlier", Map.of()), topics,
                "eu-agent")) {
            earlier.emit(topics.kubernetesInventory(), ours.ref().key(), ours);
            earlier.flush();
        }
        NamespaceInfo theirs = new NamespaceInfo(ObjectRef.clusterScoped("prod-us", "Namespace", "retired"), Map.of(),
                Map.of(), before, before);
        kafka.send(topics.kubernetesInventory(), theirs.ref().key(), theirs);
        CollectKubernetesCommandTest.cluster(client);
        Path config = dir.resolve("reclaimer.yaml");
        Files.writeString(config, "kafka:\n  replicationFactor: 1\n  agentId: eu-agent\n");

        CliTest.Result result = CliTest.run("collect", "kubernetes", "--kubeconfig",
                CollectKubernetesCommandTest.kubeconfig(dir, client.getMasterUrl().toString()).toString(),
                "--context", "mock-ctx=prod-eu", "--once", "--kafka-bootstrap", kafka.bootstrapServers(),
                "--topic-namespace", topics.namespace(), "--config", config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CompactedTopicReader.liveKeys(kafka.client(), topics.kubernetesInventory(), TIMEOUT))
                .contains("prod-eu//Node/ip-10-0-1-7", "prod-us//Namespace/retired")
                .doesNotContain("prod-eu//Namespace/retired");
        assertThat(CompactedTopicReader.liveKeys(kafka.client(), topics.workloads(), TIMEOUT))
                .contains("prod-eu/shop/Deployment/web/app", "prod-eu/shop/Pod/debug/shell");
    }
}
