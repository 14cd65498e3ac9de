package io.reclaimer.collectors.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded memory: fills the CRUD mock API server with a cluster of realistic pods (two containers with
 * env, probes, mounts, managedFields and full statuses, ten per Deployment, plus their ReplicaSets, an
 * old ReplicaSet per Deployment, nodes and a PodMetrics per pod), then runs the collector in a child JVM
 * with {@code -Xmx256m} and reads the heap it needs after a full GC. The mock server stays in this JVM so
 * its own copy of the objects is not counted, and pages lists as a real API server does.
 *
 * <p>{@code -Dreclaimer.bench.pods=10000} gives the figure in docs/kubernetes-collector.md; the default
 * keeps {@code ./mvnw verify} quick.
 */
class KubernetesMemoryIT {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesMemoryIT.class);
    private static final Pattern RESULT = Pattern.compile("RESULT complete=(\\w+) cachedPods=(\\d+) events=(\\d+)"
            + " eventBytes=(\\d+) seconds=(\\d+) heapAfterGcBytes=(\\d+) maxHeapBytes=(\\d+) baselineHeapBytes=(\\d+)");

    private KubernetesClient client;

    @Test
    void aLargeClusterFitsIn256MegabytesOfHeap(@TempDir Path dir) throws Exception {
        PaginatingCrudDispatcher dispatcher = new PaginatingCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init();
        client = server.createClient();
        try {
            measure(dir, Integer.getInteger("reclaimer.bench.pods", 600), dispatcher);
        } finally {
            client.close();
            try {
                server.destroy();
            } catch (IllegalStateException e) {
                LOG.warn("mock server did not shut down cleanly: {}", e.getMessage()); // its event loop may still be busy
            }
        }
    }

    private void measure(Path dir, int pods, PaginatingCrudDispatcher dispatcher) throws Exception {
        long fill = System.nanoTime();
        populate(pods);
        LOG.info("created {} pods in the mock API server in {} s", pods, (System.nanoTime() - fill) / 1_000_000_000L);

        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: bench
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: bench
                  user: {token: bench}
                contexts:
                - name: bench
                  context: {cluster: bench, user: bench}
                current-context: bench
                """.formatted(client.getMasterUrl().toString()));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                // the mock server, not the collector, is slow to list tens of thousands of objects
                "-Dkubernetes.request.timeout=300000", "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(), kubeconfig.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("probe.log").toFile()).start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("probe finished").isTrue();
        String output = Files.readString(dir.resolve("probe.log"), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();
        Matcher result = RESULT.matcher(output);
        assertThat(result.find()).as(output).isTrue();
        long heap = Long.parseLong(result.group(6));
        LOG.info("collector with {} pods cached: heap after GC {} MiB of {} MiB max (before listing: {} MiB); {} events"
                + " ({} MiB serialized) in {} s", result.group(2), heap >> 20, Long.parseLong(result.group(7)) >> 20,
                Long.parseLong(result.group(8)) >> 20, result.group(3),
                Long.parseLong(result.group(4)) >> 20, result.group(5));
        Files.writeString(Path.of("target", "kubernetes-memory.txt"), output);

        assertThat(result.group(1)).isEqualTo("true");
        assertThat(Integer.parseInt(result.group(2))).isEqualTo(pods);
        assertThat(heap).isLessThan(256L << 20);
        assertThat(dispatcher.pagesServed()).as("lists were paged").isGreaterThan(pods / 500);
    }

    private void populate(int pods) throws Exception {
        int perDeployment = 10;
        int deployments = (pods + perDeployment - 1) / perDeployment;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int n = 0; n < Math.max(1, pods / 100); n++) {
                int node = n;
                work.add(pool.submit(() -> create(ClusterFixtures.node("ip-10-1-" + node / 250 + "-" + node % 250,
                        node % 2 == 0 ? "m5.4xlarge" : "m6i.4xlarge", Map.of("karpenter.sh/capacity-type", "spot")))));
            }
            int nodes = Math.max(1, pods / 100);
            for (int d = 0; d < deployments; d++) {
                int index = d;
                work.add(pool.submit(() -> {
                    String name = "svc-" + index;
                    PodSpec spec = realisticSpec(name);
                    Deployment deployment = create(ClusterFixtures.deployment(name, perDeployment, spec));
                    create(ClusterFixtures.replicaSet(name + "-5d8f7c9b4", deployment, spec));
                    ReplicaSet current = create(ClusterFixtures.replicaSet(name + "-7c9f8d6b5", deployment, spec));
                    for (int p = 0; p < perDeployment && index * perDeployment + p < pods; p++) {
                        String pod = name + "-7c9f8d6b5-" + Integer.toString(36 * 36 * 36 * 36 + p, 36);
                        int node = (index * perDeployment + p) % nodes;
                        create(realisticPod(ClusterFixtures.pod(pod, current, "ip-10-1-" + node / 250 + "-" + node % 250, spec)));
                        client.resources(PodMetrics.class).inNamespace(ClusterFixtures.NS).resource(
                                ClusterFixtures.podMetrics(pod, "app", "150m", "400Mi")).create();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private <T extends HasMetadata> T create(T object) {
        return client.resource(object).create();
    }

    private static PodSpec realisticSpec(String name) {
        PodSpec base = ClusterFixtures.podSpec("app", "500m", "1Gi", "1", "1Gi");
        var app = new ContainerBuilder(base.getContainers().get(0));
        for (int i = 0; i < 12; i++) {
            app.addNewEnv().withName("CONFIG_VALUE_" + i).withValue("value-of-some-config-" + name + "-" + i).endEnv();
        }
        app.addNewPort().withContainerPort(8080).withName("http").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(8080).endHttpGet().endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withNewPort(8080).endHttpGet().endLivenessProbe()
                .addNewVolumeMount().withName("kube-api-access").withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                .withReadOnly(true).endVolumeMount();
        var sidecar = new ContainerBuilder().withName("envoy").withImage("envoyproxy/envoy:v1.31.0")
                .withArgs("--config-path", "/etc/envoy/envoy.yaml", "--log-level", "warn").withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi")).endResources();
        return new PodSpecBuilder(base).withContainers(app.build(), sidecar.build()).withServiceAccountName(name)
                .addNewVolume().withName("kube-api-access").withNewProjected().addNewSource().withNewServiceAccountToken()
                .withPath("token").withExpirationSeconds(3607L).endServiceAccountToken().endSource().endProjected().endVolume()
                .build();
    }

    private static Pod realisticPod(Pod pod) {
        return new PodBuilder(pod).editMetadata().addToLabels("pod-template-hash", "7c9f8d6b5")
                .addToLabels("app.kubernetes.io/version", "1.42.0").addToLabels("team", "payments")
                .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2025-01-01T00:00:00Z")
                .addToAnnotations("prometheus.io/scrape", "true")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager").withOperation("Update")
                        .withApiVersion("v1").withFieldsType("FieldsV1").withNewFieldsV1()
                        .addToAdditionalProperties("f:metadata", Map.of("f:labels", Map.of("f:app", Map.of(),
                                "f:pod-template-hash", Map.of()), "f:ownerReferences", Map.of()))
                        .addToAdditionalProperties("f:spec", Map.of("f:containers", Map.of("k:{\"name\":\"app\"}",
                                Map.of("f:env", Map.of(), "f:image", Map.of(), "f:resources", Map.of()))))
                        .endFieldsV1().build())
                .endMetadata()
                .editStatus().withPodIP("10.1.2.3").withHostIP("10.0.1.7").withQosClass("Burstable")
                .withStartTime("2025-01-01T00:00:00Z")
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime("2025-01-01T00:00:10Z").endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").withLastTransitionTime("2025-01-01T00:00:10Z").endCondition()
                .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime("2025-01-01T00:00:00Z").endCondition()
                .addNewContainerStatus().withName("app").withReady(true).withRestartCount(0).withImage("example/app")
                .withImageID("docker.io/example/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                .withContainerID("containerd://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                .withNewState().withNewRunning().withStartedAt("2025-01-01T00:00:05Z").endRunning().endState().endContainerStatus()
                .addNewContainerStatus().withName("envoy").withReady(true).withRestartCount(0).withImage("envoyproxy/envoy:v1.31.0")
                .withImageID("docker.io/envoyproxy/envoy@sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210")
                .withNewState().withNewRunning().withStartedAt("2025-01-01T00:00:05Z").endRunning().endState().endContainerStatus()
                .endStatus().build();
    }
}
