package io.reclaimer.app.deploy;

import static io.reclaimer.app.deploy.Manifests.grants;
import static io.reclaimer.app.deploy.Manifests.list;
import static io.reclaimer.app.deploy.Manifests.map;
import static io.reclaimer.app.deploy.Manifests.name;
import static io.reclaimer.app.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.app.config.ReclaimerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests as the cluster would get them: rendered by {@code kubectl kustomize}, then
 * checked for least-privilege RBAC, probes, requests, scrape annotations and command lines the CLI accepts.
 */
class KustomizeTest {

    private static final Set<String> READ = Set.of("get", "list", "watch");
    private static final Set<String> WORKLOAD_WRITES = Set.of("patch");
    /**
     * What the executor may change, as "group/resource": the workload kinds, and namespaces, where a schedule
     * keeps its window and phase in annotations.
     */
    private static final Set<String> WORKLOADS = Set.of("apps/deployments", "apps/statefulsets", "apps/daemonsets",
            "batch/cronjobs", "namespaces");

    static List<Map<String, Object>> render(String dir) throws IOException, InterruptedException {
        Path kubectl = PrometheusBinary.find("kubectl").orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: cannot render the kustomizations");
        Path root = RepoFiles.root();
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", root.resolve(dir).toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Manifests.parse(output);
    }

    @Test
    void theExecutorMayOnlyReadAndPatchWorkloadsAndAnnotateTheNamespacesItSchedules() throws Exception {
        List<String> executor = grants(render("deploy/kubernetes/base")).get("reclaimer-executor");

        assertThat(executor).isNotEmpty().noneMatch(g -> g.contains("*"));
        for (String grant : executor) {
            String verb = grant.split(" ")[0];
            String resource = grant.split(" ")[1];
            if (!READ.contains(verb)) {
                assertThat(WORKLOAD_WRITES).as(grant).contains(verb);
                assertThat(WORKLOADS).as(grant + " changes a workload kind only").contains(resource);
            }
            assertThat(resource).as(grant).doesNotContain("secrets");
        }
        assertThat(executor).contains("patch apps/deployments", "patch apps/statefulsets", "patch batch/cronjobs",
                "patch namespaces").noneMatch(g -> g.startsWith("delete ") || g.startsWith("create "))
                // nothing watches and nothing uses the scale subresource: schedules patch spec.replicas
                .noneMatch(g -> g.startsWith("watch ") || g.endsWith("/scale") || g.startsWith("update "));
    }

    @Test
    void deletingOrphanedVolumesIsAnOptInComponentNotPartOfTheBase() throws Exception {
        Map<String, List<String>> base = grants(render("deploy/kubernetes/base"));
        assertThat(base.values().stream().flatMap(List::stream)).noneMatch(g -> g.startsWith("delete "));
        assertThat(grants(render("deploy/kubernetes/overlays/example"))).doesNotContainKey("reclaimer-executor-orphan-cleanup");

        List<Map<String, Object>> docs = render("deploy/kubernetes/overlays/example-orphan-cleanup");
        assertThat(grants(docs).get("reclaimer-executor-orphan-cleanup"))
                .contains("delete persistentvolumeclaims", "delete persistentvolumes").noneMatch(g -> g.contains("*"));
        assertThat(ofKind(docs, "ClusterRoleBinding")).filteredOn(b -> name(b).equals("reclaimer-executor-orphan-cleanup"))
                .singleElement().satisfies(b -> assertThat(list(b, "subjects").toString())
                        .contains("name=reclaimer-executor", "namespace=reclaimer-prod"));
    }

    @Test
    void theCollectorReusesTheReadOnlyRoleOfTheCollectorBase() throws Exception {
        List<String> collector = grants(render("deploy/kubernetes/base")).get("reclaimer-collector");

        assertThat(collector).contains("list nodes", "watch apps/deployments", "get metrics.k8s.io/pods")
                .allMatch(g -> READ.contains(g.split(" ")[0]));
    }

    @Test
    void noRoleGrantsWildcardsAndEveryRoleOtherThanTheExecutorsIsReadOnly() throws Exception {
        grants(render("deploy/kubernetes/base")).forEach((role, pairs) -> {
            assertThat(pairs).as(role).noneMatch(g -> g.contains("*"));
            if (!role.startsWith("reclaimer-executor")) {
                assertThat(pairs).as(role).allMatch(g -> READ.contains(g.split(" ")[0]));
            }
        });
    }

    @Test
    void everyBindingNamesAServiceAccountThatExistsInItsNamespace() throws Exception {
        for (String dir : List.of("deploy/kubernetes/base", "deploy/kubernetes/overlays/example",
                "deploy/kubernetes/overlays/example-orphan-cleanup", "deploy/kubernetes/overlays/example-agent")) {
            List<Map<String, Object>> docs = render(dir);
            Set<String> accounts = new java.util.TreeSet<>();
            ofKind(docs, "ServiceAccount").forEach(sa -> accounts.add(map(sa, "metadata").get("namespace") + "/" + name(sa)));
            List<Map<String, Object>> bindings = new ArrayList<>(ofKind(docs, "ClusterRoleBinding"));
            bindings.addAll(ofKind(docs, "RoleBinding"));
            assertThat(bindings).as(dir).isNotEmpty();
            for (Map<String, Object> binding : bindings) {
                for (Object subject : list(binding, "subjects")) {
                    Map<String, Object> s = map(subject);
                    assertThat(accounts).as(dir + " " + name(binding)).contains(s.get("namespace") + "/" + s.get("name"));
                }
            }
            for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
                String account = String.valueOf(map(deployment, "spec", "template", "spec").get("serviceAccountName"));
                assertThat(accounts).as(name(deployment)).contains(map(deployment, "metadata").get("namespace") + "/" + account);
            }
        }
    }

    @Test
    void everyContainerHasProbesRequestsScrapeAnnotationsAndACommandTheCliAccepts() throws Exception {
        List<Map<String, Object>> deployments = ofKind(render("deploy/kubernetes/base"), "Deployment");
        assertThat(deployments).extracting(Manifests::name).containsExactlyInAnyOrder("reclaimer-collector", "reclaimer-streams",
                "reclaimer-actions");
        for (Map<String, Object> deployment : deployments) {
            String what = name(deployment);
            Map<String, Object> pod = map(deployment, "spec", "template");
            for (Object c : list(pod, "spec", "containers")) {
                Map<String, Object> container = map(c);
                List<String> args = list(container, "args").stream().map(String::valueOf).toList();
                assertThat(CliCommands.problem(args)).as(what).isEmpty();
                Map<String, String> env = new TreeMap<>();
                for (Object e : list(container, "env")) {
                    env.put(String.valueOf(map(e).get("name")), String.valueOf(map(e).getOrDefault("value", "from-a-reference")));
                }
                assertThat(CliCommands.configProblem(env)).as(what).isEmpty();

                int port = CliCommands.httpPort(args, env);
                assertThat(list(container, "ports")).as(what).anySatisfy(p -> {
                    assertThat(map(p).get("name")).isEqualTo("http");
                    assertThat(map(p).get("containerPort")).isEqualTo(port);
                });
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    assertThat(map(container, probe, "httpGet")).as(what + " " + probe)
                            .containsEntry("path", "/healthz").containsEntry("port", "http");
                }
                assertThat(map(container, "resources", "requests")).as(what).containsKeys("cpu", "memory");
                assertThat(map(pod, "metadata", "labels")).as(what).containsEntry("app.kubernetes.io/part-of", "reclaimer");
                assertThat(map(pod, "metadata", "annotations")).as(what)
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", Integer.toString(port))
                        .containsEntry("prometheus.io/path", "/metrics");
            }
        }
    }

    @Test
    void everyPodIsAdmittedUnderPodSecurityRestrictedAndRunsAPinnedImage() throws Exception {
        String image = "reclaimer:" + HelmChart.appVersion();
        for (String dir : List.of("deploy/kubernetes/base", "deploy/kubernetes/overlays/example-agent")) {
            List<Map<String, Object>> workloads = Manifests.workloads(render(dir));
            assertThat(workloads).as(dir).isNotEmpty();
            for (Map<String, Object> workload : workloads) {
                PodSecurity.assertHardened(dir, workload, dir.endsWith("base") ? image
                        : "registry.example.com/platform/reclaimer:" + HelmChart.appVersion());
            }
        }
    }

    @Test
    void theAgentOnlyComponentLeavesTheCollectorAndTheExecutorRoleAndNothingCentral() throws Exception {
        List<Map<String, Object>> docs = render("deploy/kubernetes/overlays/example-agent");

        assertThat(Manifests.workloads(docs)).extracting(Manifests::kindAndName).containsExactly("Deployment/reclaimer-collector");
        assertThat(docs).extracting(Manifests::name).noneMatch(n -> n.contains("streams") || n.contains("actions")
                || n.contains("central"));
        assertThat(grants(docs)).containsOnlyKeys("reclaimer-collector", "reclaimer-executor");
    }

    @Test
    void theStandAloneActionsRoleBindsAServiceAccountItCreatesAndGrantsTheExecutorAndOrphanCleanupRules() {
        List<Map<String, Object>> docs = Manifests.file("deploy/kubernetes/actions-clusterrole.yaml");
        Map<String, Object> binding = ofKind(docs, "ClusterRoleBinding").get(0);
        for (Object subject : list(binding, "subjects")) {
            assertThat(ofKind(docs, "ServiceAccount")).anySatisfy(sa -> {
                assertThat(name(sa)).isEqualTo(map(subject).get("name"));
                assertThat(map(sa, "metadata").get("namespace")).isEqualTo(map(subject).get("namespace"));
            });
        }
        assertThat(map(binding, "roleRef").get("name")).isEqualTo(name(ofKind(docs, "ClusterRole").get(0)));

        List<String> expected = new ArrayList<>(Manifests.grants(ofKind(Manifests.file(
                "deploy/kubernetes/base/agent/executor-rbac.yaml"), "ClusterRole").get(0)));
        expected.addAll(Manifests.grants(ofKind(Manifests.file(
                "deploy/kubernetes/components/orphan-cleanup/orphan-cleanup-rbac.yaml"), "ClusterRole").get(0)));
        assertThat(Manifests.grants(ofKind(docs, "ClusterRole").get(0))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theConfigFileEveryPodReadsIsAValidConfiguration(@TempDir Path dir) throws Exception {
        Map<String, Object> configMap = ofKind(render("deploy/kubernetes/base"), "ConfigMap").stream()
                .filter(cm -> name(cm).startsWith("reclaimer-config")).findFirst().orElseThrow();
        Path file = dir.resolve("reclaimer.yaml");
        Files.writeString(file, String.valueOf(map(configMap, "data").get("reclaimer.yaml")));

        ReclaimerConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.http().port()).isEqualTo(CliCommands.DEFAULT_HTTP_PORT);
        assertThat(config.report().schedule()).isEqualTo("0 8 * * MON");
    }

    @Test
    void theExampleOverlayMovesEverythingToItsNamespaceImageAndKafka() throws Exception {
        List<Map<String, Object>> docs = render("deploy/kubernetes/overlays/example");
        for (Map<String, Object> doc : docs) {
            Object namespace = map(doc, "metadata").get("namespace");
            if (namespace != null) {
                assertThat(namespace).as(doc.get("kind") + " " + name(doc)).isEqualTo("reclaimer-prod");
            }
        }
        for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
            for (Object c : list(deployment, "spec", "template", "spec", "containers")) {
                assertThat(map(c).get("image")).isEqualTo("registry.example.com/platform/reclaimer:0.1.0");
            }
        }
        Map<String, Object> kafka = ofKind(docs, "ConfigMap").stream().filter(cm -> name(cm).startsWith("reclaimer-kafka"))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(map(kafka, "data").get("bootstrapServers"))).startsWith("kafka-0.kafka.svc:9092");
        Map<String, Object> report = ofKind(docs, "Deployment").stream().filter(d -> name(d).equals("reclaimer-actions"))
                .findFirst().orElseThrow();
        assertThat(list(map(list(report, "spec", "template", "spec", "containers").get(0)), "env").toString())
                .contains("RECLAIMER_REPORT_SMTP_HOST", "smtp.example.com");
    }

    @Test
    void everyStreamsPodAnnouncesItsOwnAddressForInteractiveQueries() throws Exception {
        Map<String, Object> streams = ofKind(render("deploy/kubernetes/base"), "Deployment").stream()
                .filter(d -> name(d).equals("reclaimer-streams")).findFirst().orElseThrow();
        List<String> names = new ArrayList<>();
        Map<String, Map<String, Object>> env = new TreeMap<>();
        for (Object e : list(map(list(streams, "spec", "template", "spec", "containers").get(0)), "env")) {
            names.add(String.valueOf(map(e).get("name")));
            env.put(String.valueOf(map(e).get("name")), map(e));
        }
        assertThat(env.get("RECLAIMER_ANALYSIS_APPLICATION_SERVER")).containsEntry("value", "$(POD_IP)");
        assertThat(map(env.get("POD_IP"), "valueFrom", "fieldRef")).containsEntry("fieldPath", "status.podIP");
        // Kubernetes expands $(VAR) only from variables listed before
        assertThat(names.indexOf("POD_IP")).isLessThan(names.indexOf("RECLAIMER_ANALYSIS_APPLICATION_SERVER"));
    }
}
