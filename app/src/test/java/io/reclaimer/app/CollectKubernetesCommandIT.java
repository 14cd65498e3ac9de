package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code reclaimer collect kubernetes --once} into the real broker, starting from what the topics already hold. */
@ExtendWith(KafkaExtension.class)
@EnableKubernetesMockClient(crud = true)
class CollectKubernetesCommandIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    KubernetesClient client;

    @Test
    void tombstonesWhatAnEarlierRunPublishedAndTheClusterNoLongerHas(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        Topics topics = kafka.createTopics("collect-kubernetes");
        // left by an earlier run: a namespace deleted since, and the same name in a cluster another collector owns
        Instant before = Instant.now().minus(Duration.ofDays(1));
        for (String cluster : new String[] {"prod-eu", "prod-us"}) {
            NamespaceInfo retired = new NamespaceInfo(ObjectRef.clusterScoped(cluster, "Namespace", "retired"), Map.of(),
                    Map.of(), before, before);
            kafka.send(topics.kubernetesInventory(), retired.ref().key(), retired);
        }
        CollectKubernetesCommandTest.cluster(client);

        CliTest.Result result = CliTest.run("collect", "kubernetes", "--kubeconfig",
                CollectKubernetesCommandTest.kubeconfig(dir, client.getMasterUrl().toString()).toString(),
                "--context", "mock-ctx=prod-eu", "--once", "--kafka-bootstrap", kafka.bootstrapServers(),
                "--topic-namespace", topics.namespace());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CompactedTopicReader.liveKeys(kafka.client(), topics.kubernetesInventory(), TIMEOUT))
                .contains("prod-eu//Node/ip-10-0-1-7", "prod-us//Namespace/retired")
                .doesNotContain("prod-eu//Namespace/retired");
        assertThat(CompactedTopicReader.liveKeys(kafka.client(), topics.workloads(), TIMEOUT))
                .contains("prod-eu/shop/Deployment/web/app", "prod-eu/shop/Pod/debug/shell");
    }
}
