package io.reclaimer.app.deploy;

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
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests as the cluster would get them: rendered by {@code kubectl kustomize}, then
 * checked for least-privilege RBAC, probes, requests, scrape annotations and command lines the CLI accepts.
 */
class KustomizeTest {

    private static final Set<String> READ = Set.of("get", "list", "watch");
    private static final Set<String> WORKLOAD_WRITES = Set.of("patch", "update");
    /**
     * What the executor may change, as "group/resource": the workload kinds, and namespaces, where a schedule
     * keeps its window and phase in annotations.
     */
    private static final Set<String> WORKLOADS = Set.of("apps/deployments", "apps/statefulsets", "apps/daemonsets",
            "apps/deployments/scale", "apps/statefulsets/scale", "batch/cronjobs", "namespaces");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(String dir) throws IOException, InterruptedException {
        Path kubectl = PrometheusBinary.find("kubectl").orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: cannot render the kustomizations");
        Path root = RepoFiles.root();
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", root.resolve(dir).toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(output)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current == null ? null : ((Map<String, Object>) current).get(key);
        }
        return current == null ? Map.of() : (Map<String, Object>) current;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node, String... path) {
        Object parent = path.length == 1 ? node : map(node, java.util.Arrays.copyOf(path, path.length - 1));
        Object value = parent instanceof Map<?, ?> m ? m.get(path[path.length - 1]) : null;
        return value == null ? List.of() : (List<Object>) value;
    }

    private static String name(Map<String, Object> doc) {
        return String.valueOf(map(doc, "metadata").get("name"));
    }

    /** role name → "verb resource" pairs, API group included. */
    private static Map<String, List<String>> grants(List<Map<String, Object>> docs) {
        Map<String, List<String>> grants = new TreeMap<>();
        for (Map<String, Object> role : ofKind(docs, "ClusterRole")) {
            List<String> pairs = new ArrayList<>();
            for (Object rule : list(role, "rules")) {
                for (Object group : list(rule, "apiGroups")) {
                    for (Object resource : list(rule, "resources")) {
                        for (Object verb : list(rule, "verbs")) {
                            pairs.add(verb + " " + (group.toString().isEmpty() ? "" : group + "/") + resource);
                        }
                    }
                }
            }
            grants.put(name(role), pairs);
        }
        return grants;
    }

    @Test
    void theExecutorMayOnlyReadPatchAndScaleWorkloadsAndAnnotateTheNamespacesItSchedules() throws Exception {
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
                "update apps/deployments/scale", "patch namespaces").noneMatch(g -> g.startsWith("delete ") || g.startsWith("create "));
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
                "deploy/kubernetes/overlays/example-orphan-cleanup")) {
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
        assertThat(deployments).extracting(KustomizeTest::name).containsExactlyInAnyOrder("reclaimer-collector", "reclaimer-streams",
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
                assertThat(map(pod, "metadata", "annotations")).as(what)
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", Integer.toString(port))
                        .containsEntry("prometheus.io/path", "/metrics");
            }
        }
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
