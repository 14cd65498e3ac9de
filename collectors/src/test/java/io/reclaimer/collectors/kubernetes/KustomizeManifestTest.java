package io.reclaimer.collectors.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.reclaimer.collectors.kubernetes.inventory.ClusterObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deploy/ kustomize base renders with kubectl and grants exactly the read access the collector uses. */
class KustomizeManifestTest {

    private static final Path BASE = Path.of("").toAbsolutePath().getParent().resolve("deploy/kubernetes/collector");
    private static List<JsonNode> rendered;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Process process = new ProcessBuilder("kubectl", "kustomize", BASE.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        rendered = new ArrayList<>();
        try (var documents = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(output)) {
            while (documents.hasNext()) {
                rendered.add((JsonNode) documents.next());
            }
        }
    }

    @Test
    void rendersAServiceAccountBoundToAClusterRole() {
        assertThat(rendered).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding");
        JsonNode binding = document("ClusterRoleBinding");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(document("ClusterRole").at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(document("ServiceAccount").at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(document("ServiceAccount").at("/metadata/namespace").asText());
    }

    @Test
    void theRoleHasNoWriteVerb() {
        Set<String> verbs = new HashSet<>();
        document("ClusterRole").path("rules").forEach(rule -> rule.path("verbs").forEach(v -> verbs.add(v.asText())));
        assertThat(verbs).isSubsetOf("get", "list", "watch");
    }

    @Test
    void theRoleLetsTheCollectorListAndWatchEveryKindItsInformersCacheAndReadMetrics() {
        Set<String> granted = new HashSet<>();
        document("ClusterRole").path("rules").forEach(rule -> rule.path("apiGroups").forEach(group ->
                rule.path("resources").forEach(resource -> rule.path("verbs").forEach(verb ->
                        granted.add(group.asText() + "/" + resource.asText() + ":" + verb.asText())))));
        for (Class<? extends HasMetadata> kind : ClusterObjects.KINDS) {
            String group = HasMetadata.getGroup(kind);
            String resource = (group == null ? "" : group) + "/" + HasMetadata.getPlural(kind);
            assertThat(granted).contains(resource + ":list", resource + ":watch");
        }
        assertThat(granted).contains("metrics.k8s.io/pods:get", "metrics.k8s.io/pods:list", "metrics.k8s.io/nodes:list");
    }

    private static JsonNode document(String kind) {
        return rendered.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
