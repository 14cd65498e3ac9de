package io.reclaimer.app.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/helm/reclaimer rendered and linted by Helm itself (helm-java ships Helm as a native library), the way
 * {@code helm template} and {@code helm lint --strict} would on a workstation.
 */
final class HelmChart {

    static final Path CHART = RepoFiles.root().resolve("deploy/helm/reclaimer");
    static final String NAMESPACE = "reclaimer-system";

    /**
     * The values of each profile a test renders, beyond the chart's defaults. The topics Job is rendered as a
     * plain Job ({@code topics.hook=false}, same pod): helm-java's template, like {@code helm template
     * --no-hooks}, leaves hooks out.
     */
    static final Map<String, Object> HUB = Map.of("kafka.bootstrapServers", "kafka-0.kafka:9092,kafka-1.kafka:9092",
            "topics.hook", false);
    static final Map<String, Object> SPOKE = Map.of("profile", "spoke", "clusterId", "prod-eu",
            "kafka.bootstrapServers", "kafka-0.kafka:9092", "executor.enabled", true);
    static final Map<String, Object> ALL = Map.of("profile", "all", "clusterId", "prod-eu",
            "kafka.bootstrapServers", "kafka-0.kafka:9092", "topics.hook", false, "executor.enabled", true,
            "executor.orphanCleanup", true,
            "kafka.secretName", "reclaimer-kafka", "actions.policiesConfigMap", "reclaimer-policies",
            "actions.kubernetes.kubeconfigSecret", "reclaimer-kubeconfig");
    static final Map<String, Map<String, Object>> PROFILES = Map.of("hub", HUB, "spoke", SPOKE, "all", ALL);

    private static final Map<Map<String, Object>, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private HelmChart() {
    }

    /** {@code helm template reclaimer deploy/helm/reclaimer -n reclaimer-system --set k=v ...}, parsed. */
    static List<Map<String, Object>> render(Map<String, Object> values) {
        return RENDERED.computeIfAbsent(Map.copyOf(values), v -> Manifests.parse(template(v)));
    }

    /** The same, with extra values over a profile's. */
    static List<Map<String, Object>> render(Map<String, Object> profile, Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>(profile);
        values.putAll(extra);
        return render(values);
    }

    static String template(Map<String, Object> values) {
        TemplateCommand template = new Helm(CHART).template().withName("reclaimer").withNamespace(NAMESPACE);
        for (Map.Entry<String, Object> value : values.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return template.call();
    }

    /** Why Helm refuses to render these values (a failed schema check or a {@code fail} in a template). */
    static String refusal(Map<String, Object> values) {
        try {
            template(values);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("Helm rendered " + values + " without complaint");
    }

    /**
     * {@code helm lint --strict} of the chart installed with these values over its defaults (helm-java's lint
     * takes no values, so a copy of the chart gets them in its values.yaml).
     */
    @SuppressWarnings("unchecked")
    static LintResult lint(Map<String, Object> values, Path workDir) {
        try {
            Path copy = workDir.resolve("reclaimer");
            copyFollowingLinks(CHART, copy);
            Map<String, Object> defaults = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
            for (Map.Entry<String, Object> value : values.entrySet()) {
                String[] path = value.getKey().split("\\.");
                Map<String, Object> node = defaults;
                for (int i = 0; i < path.length - 1; i++) {
                    node = (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
                }
                node.put(path[path.length - 1], value.getValue());
            }
            Files.writeString(copy.resolve("values.yaml"), new Yaml().dump(defaults));
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart's appVersion, the image tag it installs by default. */
    static String appVersion() {
        try {
            Map<String, Object> chart = new Yaml().load(Files.readString(CHART.resolve("Chart.yaml")));
            return String.valueOf(chart.get("appVersion"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFollowingLinks(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
