package io.reclaimer.app;

import org.junit.jupiter.api.extension.ExtendWith;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reclaimer collect kubernetes --once --output -} against fabric8's mock API server. */
@ExtendWith(MockApiServer.class)
class CollectKubernetesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    KubernetesClient client;

    @Test
    void printsTheClusterOnceAsJsonLinesAndExitsZero(@TempDir Path dir) throws Exception {
        cluster(client);
        Path kubeconfig = kubeconfig(dir, client.getMasterUrl().toString());

        Captured run = runCapturingStdout("collect", "kubernetes", "--kubeconfig", kubeconfig.toString(),
                "--context", "mock-ctx=prod-eu", "--once", "--output", "-");

        assertThat(run.result().exitCode()).as(run.result().err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (line.startsWith("{")) { // the test logging configuration logs to stdout too
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).extracting(l -> l.get("key").asText())
                .contains("prod-eu/shop/Deployment/web/app", "prod-eu//Node/ip-10-0-1-7", "prod-eu/shop/Pod/debug/shell");
        JsonNode web = lines.stream().filter(l -> l.get("key").asText().equals("prod-eu/shop/Deployment/web/app"))
                .findFirst().orElseThrow();
        assertThat(web.get("topic").asText()).isEqualTo("reclaimer.k8s.workloads");
        assertThat(web.at("/value/schema").asText()).isEqualTo("workload-container/v1");
        assertThat(web.at("/value/replicas").asInt()).isEqualTo(2);
        assertThat(web.at("/value/requests/cpuCores").asDouble()).isEqualTo(0.25);
        assertThat(web.at("/value/prices/cpuUsdPerCoreHour").asDouble()).isPositive();
    }

    @Test
    void documentsItsOptions() {
        CliTest.Result help = CliTest.run("collect", "kubernetes", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: reclaimer collect kubernetes")
                .contains("--kubeconfig", "--context", "--prometheus-url", "--once", "--output");
    }

    @Test
    void anUnreachableClusterIsOneLineAndANonZeroExit(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir, "https://127.0.0.1:1");

        Captured run = runCapturingStdout("collect", "kubernetes", "--kubeconfig", kubeconfig.toString(), "--once",
                "--output", "-");

        assertThat(run.result().exitCode()).isEqualTo(1);
        assertThat(run.result().err()).startsWith("reclaimer: could not collect mock-ctx (unreachable: ")
                .doesNotContain("\tat ");
        assertThat(run.stdout()).as("no events").doesNotContain("{\"topic\"");
    }

    @Test
    void aContextMissingFromTheKubeconfigIsNamed(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir, client.getMasterUrl().toString());

        Captured run = runCapturingStdout("collect", "kubernetes", "--kubeconfig", kubeconfig.toString(),
                "--context", "nope", "--once", "--output", "-");

        assertThat(run.result().exitCode()).isEqualTo(1);
        assertThat(run.result().err()).contains("context 'nope' is not in " + kubeconfig);
    }

    private record Captured(CliTest.Result result, String stdout) {
    }

    private static synchronized Captured runCapturingStdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CliTest.Result result = CliTest.run(args);
            System.out.flush();
            return new Captured(result, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    static Path kubeconfig(Path dir, String server) throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: mock
                  user: {token: secret}
                contexts:
                - name: mock-ctx
                  context: {cluster: mock, user: mock}
                current-context: mock-ctx
                """.formatted(server));
        return file;
    }

    /** A Deployment web (2 replicas, one pod listed) and a bare pod debug in namespace shop, on one node. */
    static void cluster(KubernetesClient client) {
        client.resource(new NodeBuilder().withNewMetadata().withName("ip-10-0-1-7")
                .addToLabels("node.kubernetes.io/instance-type", "m5.large").endMetadata().withNewStatus()
                .addToCapacity("cpu", new Quantity("2")).addToCapacity("memory", new Quantity("8Gi")).endStatus().build())
                .create();
        var template = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("web").withNewResources()
                .addToRequests("cpu", new Quantity("250m")).endResources().endContainer().endSpec().build();
        var deployment = client.resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop")
                .withUid("d-1").endMetadata().withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web")
                .endSelector().withTemplate(template).endSpec().build()).create();
        var rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withName("web-6d4b7").withNamespace("shop")
                .withUid("rs-1").withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                        .withKind("Deployment").withName("web").withUid(deployment.getMetadata().getUid())
                        .withController(true).build()).endMetadata()
                .withNewSpec().withTemplate(template).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .endSpec().build()).create();
        client.resource(new PodBuilder().withNewMetadata().withName("web-6d4b7-x2v4q").withNamespace("shop")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(rs.getMetadata().getName()).withUid("rs-1").withController(true).build()).endMetadata()
                .withSpec(template.getSpec()).editSpec().withNodeName("ip-10-0-1-7").endSpec()
                .withNewStatus().withPhase("Running").endStatus().build()).create();
        client.resource(new PodBuilder().withNewMetadata().withName("debug").withNamespace("shop").endMetadata()
                .withNewSpec().addNewContainer().withName("shell").withImage("busybox").endContainer().endSpec().build())
                .create();
    }
}
