package io.reclaimer.app.deploy;

import static io.reclaimer.app.deploy.Manifests.args;
import static io.reclaimer.app.deploy.Manifests.containers;
import static io.reclaimer.app.deploy.Manifests.kindAndName;
import static io.reclaimer.app.deploy.Manifests.list;
import static io.reclaimer.app.deploy.Manifests.map;
import static io.reclaimer.app.deploy.Manifests.name;
import static io.reclaimer.app.deploy.Manifests.ofKind;
import static io.reclaimer.app.deploy.Manifests.podTemplate;
import static io.reclaimer.app.deploy.Manifests.workloads;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.app.config.ReclaimerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The Helm chart as Helm renders it, for each profile: hardened pods, the right workloads, valid configuration. */
class HelmChartTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hub", "spoke", "all"})
    void lintsCleanInStrictMode(String profile, @TempDir Path dir) {
        LintResult lint = HelmChart.lint(HelmChart.PROFILES.get(profile), dir);

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void theDefaultsLintWithoutErrorsAndSayKafkaIsRequired(@TempDir Path dir) {
        LintResult lint = HelmChart.lint(Map.of(), dir);

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(HelmChart.refusal(Map.of())).contains("kafka.bootstrapServers is required");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hub", "spoke", "all"})
    void everyPodRunsAsNonRootUnderRuntimeDefaultSeccompReadOnlyWithoutCapabilitiesAndWithRequestsAndLimits(String profile) {
        List<Map<String, Object>> workloads = workloads(HelmChart.render(HelmChart.PROFILES.get(profile)));
        assertThat(workloads).isNotEmpty();
        for (Map<String, Object> workload : workloads) {
            PodSecurity.assertHardened(profile, workload, "reclaimer:" + HelmChart.appVersion());
        }
    }

    @Test
    void aSpokeRendersTheCollectorAgentAndNoAnalysisOrActionsWorkload() {
        List<Map<String, Object>> docs = HelmChart.render(HelmChart.SPOKE);

        assertThat(workloads(docs)).extracting(Manifests::kindAndName).containsExactly("Deployment/reclaimer-collector");
        for (Map<String, Object> workload : workloads(docs)) {
            for (Map<String, Object> container : containers(map(podTemplate(workload), "spec"))) {
                assertThat(args(container).get(0)).as(kindAndName(workload)).isEqualTo("collect");
            }
        }
        assertThat(docs).extracting(d -> String.valueOf(d.get("kind")))
                .doesNotContain("StatefulSet", "Job", "PodDisruptionBudget", "ServiceMonitor", "PrometheusRule");
        assertThat(docs).extracting(Manifests::name).noneMatch(n -> n.contains("streams") || n.contains("actions")
                || n.contains("topics") || n.contains("dashboard"));
        assertThat(Manifests.grants(docs)).containsOnlyKeys("reclaimer-collector", "reclaimer-executor");
    }

    @Test
    void aHubRendersTheAnalysisActionsAndTopicsButNoCollectorAndNoClusterRights() {
        List<Map<String, Object>> docs = HelmChart.render(HelmChart.HUB);

        assertThat(workloads(docs)).extracting(Manifests::kindAndName).containsExactlyInAnyOrder(
                "StatefulSet/reclaimer-streams", "Deployment/reclaimer-actions", "Job/reclaimer-topics-1");
        assertThat(ofKind(docs, "ClusterRole")).isEmpty();
        assertThat(ofKind(docs, "ClusterRoleBinding")).isEmpty();
        // the hub acts on other clusters through their credentials only: no token of its own cluster
        for (Map<String, Object> workload : workloads(docs)) {
            assertThat(map(podTemplate(workload), "spec").get("automountServiceAccountToken")).as(kindAndName(workload))
                    .isEqualTo(false);
        }
    }

    @Test
    void theAnalysisKeepsItsStateOnAPersistentVolumePerPod() {
        Map<String, Object> streams = Manifests.named(HelmChart.render(HelmChart.HUB), "StatefulSet", "reclaimer-streams")
                .orElseThrow();
        List<Object> claims = list(streams, "spec", "volumeClaimTemplates");
        assertThat(claims).singleElement().satisfies(claim -> {
            assertThat(map(claim, "metadata")).containsEntry("name", "data");
            assertThat(map(claim, "spec", "resources", "requests")).containsEntry("storage", "10Gi");
        });
        Map<String, Object> container = containers(map(podTemplate(streams), "spec")).get(0);
        assertThat(list(container, "volumeMounts")).anySatisfy(m -> assertThat(map(m))
                .containsEntry("name", "data").containsEntry("mountPath", "/data"));
        assertThat(list(podTemplate(streams), "spec", "volumes")).noneMatch(v -> "data".equals(map(v).get("name")));
        assertThat(config(HelmChart.HUB).analysis().stateDir().startsWith(Path.of("/data"))).isTrue();

        Map<String, Object> ephemeral = Manifests.named(HelmChart.render(HelmChart.HUB,
                Map.of("analysis.persistence.enabled", false)), "StatefulSet", "reclaimer-streams").orElseThrow();
        assertThat(list(ephemeral, "spec", "volumeClaimTemplates")).isEmpty();
        assertThat(list(podTemplate(ephemeral), "spec", "volumes")).anySatisfy(v -> assertThat(map(v))
                .containsEntry("name", "data").containsKey("emptyDir"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hub", "spoke", "all"})
    void everyCommandLineIsOneTheCliAcceptsAndEveryServiceHasProbesOnItsHttpPort(String profile) {
        for (Map<String, Object> workload : workloads(HelmChart.render(HelmChart.PROFILES.get(profile)))) {
            Map<String, Object> template = podTemplate(workload);
            for (Map<String, Object> container : containers(map(template, "spec"))) {
                String what = profile + " " + kindAndName(workload);
                List<String> args = args(container);
                assertThat(CliCommands.problem(args)).as(what).isEmpty();
                Map<String, String> env = new TreeMap<>();
                for (Object e : list(container, "env")) {
                    env.put(String.valueOf(map(e).get("name")), String.valueOf(map(e).getOrDefault("value", "from-a-reference")));
                }
                assertThat(CliCommands.configProblem(env)).as(what).isEmpty();
                if (!CliCommands.servesHttp(args)) {
                    continue;
                }
                int port = CliCommands.httpPort(args, env);
                assertThat(list(container, "ports")).as(what).anySatisfy(p -> assertThat(map(p))
                        .containsEntry("name", "http").containsEntry("containerPort", port));
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    assertThat(map(container, probe, "httpGet")).as(what + " " + probe)
                            .containsEntry("path", "/healthz").containsEntry("port", "http");
                }
                assertThat(map(template, "metadata", "annotations")).as(what)
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", Integer.toString(port))
                        .containsEntry("prometheus.io/path", "/metrics");
                assertThat(map(template, "metadata", "labels")).as(what).containsEntry("app.kubernetes.io/part-of", "reclaimer");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hub", "spoke", "all"})
    void theConfigurationFileIsOneReclaimerLoads(String profile) {
        ReclaimerConfig config = config(HelmChart.PROFILES.get(profile));

        assertThat(config.kafka().bootstrapServers()).startsWith("kafka-0.kafka:9092");
        assertThat(config.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(config.http().port()).isEqualTo(CliCommands.DEFAULT_HTTP_PORT);
    }

    @Test
    void inTheAllProfileTheActionsServiceActsInItsOwnClusterThroughTheExecutorRole() {
        List<Map<String, Object>> docs = HelmChart.render(HelmChart.ALL);
        ReclaimerConfig config = config(HelmChart.ALL);

        assertThat(config.actions().kubernetes().inCluster()).isEqualTo("prod-eu");
        assertThat(config.actions().kubernetes().kubeconfig()).isEqualTo(Path.of("/etc/reclaimer/kubeconfig/config"));
        assertThat(config.actions().policyDirectory()).isEqualTo(Path.of("/etc/reclaimer/policies"));
        Map<String, Object> binding = Manifests.named(docs, "ClusterRoleBinding", "reclaimer-executor").orElseThrow();
        assertThat(list(binding, "subjects")).extracting(s -> map(s).get("name"))
                .contains("reclaimer-executor", "reclaimer-actions");
        Map<String, Object> actions = Manifests.named(docs, "Deployment", "reclaimer-actions").orElseThrow();
        assertThat(map(podTemplate(actions), "spec").get("automountServiceAccountToken")).isEqualTo(true);
    }

    @Test
    void everyBindingNamesAServiceAccountTheReleaseCreatesInItsNamespace() {
        for (Map<String, Object> values : HelmChart.PROFILES.values()) {
            List<Map<String, Object>> docs = HelmChart.render(values);
            Set<String> accounts = new java.util.TreeSet<>();
            ofKind(docs, "ServiceAccount").forEach(sa -> accounts.add(HelmChart.NAMESPACE + "/" + name(sa)));
            for (Map<String, Object> binding : ofKind(docs, "ClusterRoleBinding")) {
                assertThat(Manifests.named(docs, "ClusterRole", String.valueOf(map(binding, "roleRef").get("name"))))
                        .as(name(binding)).isPresent();
                for (Object subject : list(binding, "subjects")) {
                    if ("ServiceAccount".equals(map(subject).get("kind"))) {
                        assertThat(accounts).as(name(binding)).contains(map(subject).get("namespace") + "/" + map(subject).get("name"));
                    }
                }
            }
            for (Map<String, Object> workload : workloads(docs)) {
                Object account = map(podTemplate(workload), "spec").get("serviceAccountName");
                if (account != null) {
                    assertThat(accounts).as(kindAndName(workload)).contains(HelmChart.NAMESPACE + "/" + account);
                }
            }
        }
    }

    @Test
    void eksClustersReachTheActionsServiceConfiguration() {
        ReclaimerConfig config = config(Map.of("kafka.bootstrapServers", "k:9092", "topics.hook", false,
                "actions.kubernetes.eks[0].cluster", "prod-eu", "actions.kubernetes.eks[0].name", "prod-eu-west-1",
                "actions.kubernetes.eks[0].region", "eu-west-1",
                "actions.kubernetes.eks[0].endpoint", "https://ABC.gr7.eu-west-1.eks.amazonaws.com"));

        assertThat(config.actions().kubernetes().eks("prod-eu")).hasValueSatisfying(eks -> {
            assertThat(eks.name()).isEqualTo("prod-eu-west-1");
            assertThat(eks.region()).isEqualTo("eu-west-1");
            assertThat(eks.stsEndpoint()).hasToString("https://sts.eu-west-1.amazonaws.com");
        });
    }

    @Test
    void slackSocketModeIsOneValueAwayAndTheAppTokenComesFromTheSlackSecret() {
        assertThat(config(Map.of("kafka.bootstrapServers", "k:9092", "topics.hook", false)).actions().slack().mode())
                .hasToString("http");
        Map<String, Object> values = Map.of("kafka.bootstrapServers", "k:9092", "topics.hook", false,
                "actions.slack.mode", "socket");
        assertThat(config(values).actions().slack().mode()).hasToString("socket");
        assertThat(workloads(HelmChart.render(values))).anySatisfy(workload -> assertThat(
                String.valueOf(containers(map(podTemplate(workload), "spec")).get(0))).contains("SLACK_APP_TOKEN", "appToken"));
    }

    @Test
    void jsonLogsAreOneValueAway() {
        for (Map<String, Object> workload : workloads(HelmChart.render(HelmChart.ALL, Map.of("logFormat", "json")))) {
            List<String> args = args(containers(map(podTemplate(workload), "spec")).get(0));
            assertThat(args).as(kindAndName(workload)).containsSubsequence("--log-format", "json");
            assertThat(CliCommands.problem(args)).as(kindAndName(workload)).isEmpty();
        }
    }

    @Test
    void executorGroupsAreBoundForEksAccessEntries() {
        Map<String, Object> binding = Manifests.named(HelmChart.render(HelmChart.SPOKE,
                Map.of("executor.groups[0]", "reclaimer-executor")), "ClusterRoleBinding", "reclaimer-executor").orElseThrow();

        assertThat(list(binding, "subjects")).anySatisfy(s -> assertThat(map(s))
                .containsEntry("kind", "Group").containsEntry("name", "reclaimer-executor"));
    }

    @Test
    void theCollectorRoleIsTheOneOfTheCollectorKustomization() throws Exception {
        Map<String, Object> kustomize = new Yaml().load(Files.readString(
                RepoFiles.root().resolve("deploy/kubernetes/collector/cluster-role.yaml")));
        Map<String, Object> chart = Manifests.named(HelmChart.render(HelmChart.SPOKE), "ClusterRole", "reclaimer-collector")
                .orElseThrow();

        assertThat(Manifests.grants(chart)).containsExactlyInAnyOrderElementsOf(Manifests.grants(kustomize));
    }

    @Test
    void theExecutorRolesAreTheOnesOfTheKustomizeBaseAndItsOrphanCleanupComponent() throws Exception {
        Map<String, Object> kustomizeRole = ofKind(Manifests.file("deploy/kubernetes/base/agent/executor-rbac.yaml"),
                "ClusterRole").get(0);
        Map<String, Object> cleanup = ofKind(Manifests.file(
                "deploy/kubernetes/components/orphan-cleanup/orphan-cleanup-rbac.yaml"), "ClusterRole").get(0);

        Map<String, Object> spoke = Manifests.named(HelmChart.render(HelmChart.SPOKE), "ClusterRole", "reclaimer-executor")
                .orElseThrow();
        assertThat(Manifests.grants(spoke)).containsExactlyInAnyOrderElementsOf(Manifests.grants(kustomizeRole));
        Map<String, Object> all = Manifests.named(HelmChart.render(HelmChart.ALL), "ClusterRole", "reclaimer-executor")
                .orElseThrow();
        List<String> both = new ArrayList<>(Manifests.grants(kustomizeRole));
        both.addAll(Manifests.grants(cleanup));
        assertThat(Manifests.grants(all)).containsExactlyInAnyOrderElementsOf(both);
    }

    @Test
    void theImageTagIsTheAppVersionOfTheReleaseAndNeverLatest() throws Exception {
        String pom = Files.readString(RepoFiles.root().resolve("pom.xml"));
        String version = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>"));
        assertThat(HelmChart.appVersion()).isEqualTo(version.replace("-SNAPSHOT", ""));

        assertThat(HelmChart.refusal(Map.of("kafka.bootstrapServers", "k:9092", "image.tag", "latest"))).contains("image.tag");
        List<Map<String, Object>> pinned = HelmChart.render(HelmChart.HUB, Map.of("image.repository", "registry.example.com/reclaimer",
                "image.tag", "0.2.0"));
        for (Map<String, Object> workload : workloads(pinned)) {
            assertThat(containers(map(podTemplate(workload), "spec"))).allSatisfy(c -> assertThat(c.get("image"))
                    .isEqualTo("registry.example.com/reclaimer:0.2.0"));
        }
    }

    @Test
    void theSchemaRejectsUnknownValuesAndProfiles() {
        assertThat(HelmChart.refusal(Map.of("kafka.bootstrapServers", "k:9092", "profile", "edge"))).contains("profile");
        assertThat(HelmChart.refusal(Map.of("kafka.bootstrapServers", "k:9092", "analysis.replica", 3))).contains("replica");
        assertThat(HelmChart.refusal(Map.of("profile", "spoke", "kafka.bootstrapServers", "k:9092"))).contains("clusterId is required");
    }

    @Test
    void serviceMonitorAndRulesOnlyWhenThePrometheusOperatorIsThereOrAskedFor() throws Exception {
        // helm template knows no cluster: "auto" sees no monitoring.coreos.com/v1
        assertThat(HelmChart.render(HelmChart.HUB)).extracting(d -> d.get("kind")).doesNotContain("ServiceMonitor", "PrometheusRule");

        List<Map<String, Object>> docs = HelmChart.render(HelmChart.HUB, Map.of("metrics.serviceMonitor.enabled", true,
                "metrics.prometheusRule.enabled", true));
        Map<String, Object> monitor = ofKind(docs, "ServiceMonitor").get(0);
        assertThat(map(monitor, "spec")).containsEntry("jobLabel", "app.kubernetes.io/name");
        Map<String, Object> selector = map(monitor, "spec", "selector", "matchLabels");
        List<Map<String, Object>> scraped = ofKind(docs, "Service").stream()
                .filter(s -> map(s, "metadata", "labels").entrySet().containsAll(selector.entrySet())).toList();
        assertThat(scraped).extracting(Manifests::name).containsExactlyInAnyOrder("reclaimer-streams", "reclaimer-actions");
        assertThat(scraped).allSatisfy(s -> {
            assertThat(list(s, "spec", "ports")).anySatisfy(p -> assertThat(map(p)).containsEntry("name", "http"));
            assertThat(String.valueOf(map(s, "metadata", "labels").get("app.kubernetes.io/name"))).startsWith("reclaimer");
        });

        List<Object> expected = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoFiles.root().resolve("deploy/prometheus/rules"))) {
            for (Path file : files.sorted().toList()) {
                expected.addAll(list(new Yaml().load(Files.readString(file)), "groups"));
            }
        }
        assertThat(list(ofKind(docs, "PrometheusRule").get(0), "spec", "groups")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyDashboardIsAConfigMapForGrafanasSidecar() throws Exception {
        List<Map<String, Object>> configMaps = ofKind(HelmChart.render(HelmChart.HUB), "ConfigMap").stream()
                .filter(cm -> "1".equals(map(cm, "metadata", "labels").get("grafana_dashboard"))).toList();
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(RepoFiles.root().resolve("dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(configMaps).hasSameSizeAs(dashboards);
        for (Path dashboard : dashboards) {
            String file = dashboard.getFileName().toString();
            assertThat(configMaps).as(file).anySatisfy(cm -> {
                assertThat(String.valueOf(map(cm, "data").get(file)).strip()).isEqualTo(Files.readString(dashboard).strip());
                assertThat(map(cm, "metadata", "annotations")).containsEntry("grafana_folder", "Reclaimer");
            });
        }
    }

    @Test
    void theAnalysisHasADisruptionBudgetAndOnlyDeclaredPortsAreOpen() {
        List<Map<String, Object>> docs = HelmChart.render(HelmChart.ALL);
        Map<String, Object> budget = ofKind(docs, "PodDisruptionBudget").get(0);
        Map<String, Object> streams = Manifests.named(docs, "StatefulSet", "reclaimer-streams").orElseThrow();
        assertThat(map(budget, "spec", "selector", "matchLabels")).isEqualTo(map(streams, "spec", "selector", "matchLabels"));
        assertThat(map(budget, "spec")).containsEntry("maxUnavailable", 1);

        Map<String, Object> policy = ofKind(docs, "NetworkPolicy").get(0);
        Map<String, Object> selected = map(policy, "spec", "podSelector", "matchLabels");
        for (Map<String, Object> workload : workloads(docs)) {
            assertThat(map(podTemplate(workload), "metadata", "labels").entrySet()).as(kindAndName(workload))
                    .containsAll(selected.entrySet());
        }
        List<Object> ports = new ArrayList<>();
        list(policy, "spec", "ingress").forEach(rule -> list(rule, "ports").forEach(p -> ports.add(map(p).get("port"))));
        assertThat(ports).containsExactlyInAnyOrder(9400, 3000);
        assertThat(list(policy, "spec", "policyTypes")).containsExactly("Ingress");

        Map<String, Object> restricted = ofKind(HelmChart.render(HelmChart.ALL, Map.of("networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name",
                "monitoring")), "NetworkPolicy").get(0);
        assertThat(list(restricted, "spec", "ingress").get(0).toString()).contains("monitoring", "reclaimer-streams");
    }

    @Test
    void kafkaClientSecretsAreMountedFromASecretInEveryPod() {
        List<Map<String, Object>> docs = HelmChart.render(HelmChart.ALL);
        for (Map<String, Object> workload : workloads(docs)) {
            assertThat(list(podTemplate(workload), "spec", "volumes")).as(kindAndName(workload)).anySatisfy(v ->
                    assertThat(map(v, "secret")).containsEntry("secretName", "reclaimer-kafka"));
            assertThat(list(containers(map(podTemplate(workload), "spec")).get(0), "volumeMounts")).as(kindAndName(workload))
                    .anySatisfy(m -> assertThat(map(m)).containsEntry("mountPath", "/etc/reclaimer/kafka")
                            .containsEntry("readOnly", true));
        }
        List<Map<String, Object>> fromSecret = HelmChart.render(HelmChart.HUB, Map.of("existingConfigSecret", "reclaimer-config"));
        assertThat(ofKind(fromSecret, "ConfigMap")).extracting(Manifests::name).noneMatch(n -> n.endsWith("config"));
        for (Map<String, Object> workload : workloads(fromSecret)) {
            assertThat(list(podTemplate(workload), "spec", "volumes")).as(kindAndName(workload)).anySatisfy(v ->
                    assertThat(map(v)).containsEntry("name", "config").extractingByKey("secret").asString()
                            .contains("reclaimer-config"));
        }
    }

    private static ReclaimerConfig config(Map<String, Object> values) {
        Map<String, Object> configMap = Manifests.named(HelmChart.render(values), "ConfigMap", "reclaimer-config").orElseThrow();
        try {
            Path file = Files.createTempFile("reclaimer-chart-", ".yaml");
            try {
                Files.writeString(file, String.valueOf(map(configMap, "data").get("reclaimer.yaml")));
                return ConfigLoader.load(file, Map.of());
            } finally {
                Files.delete(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
