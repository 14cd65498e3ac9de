package io.reclaimer.app.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Rendered Kubernetes manifests (kustomize or Helm output) as plain maps, and the walks the tests share. */
final class Manifests {

    /** Kinds whose pods the tests look at, with the path of their pod template. */
    private static final Map<String, List<String>> POD_TEMPLATES = Map.of(
            "Deployment", List.of("spec", "template"),
            "StatefulSet", List.of("spec", "template"),
            "DaemonSet", List.of("spec", "template"),
            "Job", List.of("spec", "template"),
            "CronJob", List.of("spec", "jobTemplate", "spec", "template"));

    private Manifests() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        // a key written twice is an error, not "the last one wins": the API server rejects such objects
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    /** The documents of a YAML file of the repository. */
    static List<Map<String, Object>> file(String path) {
        try {
            return parse(java.nio.file.Files.readString(RepoFiles.root().resolve(path)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    static Optional<Map<String, Object>> named(List<Map<String, Object>> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name(d).equals(name)).findFirst();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current instanceof Map<?, ?> ? (Map<String, Object>) current : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object parent = path.length == 1 ? node : map(node, Arrays.copyOf(path, path.length - 1));
        Object value = parent instanceof Map<?, ?> m ? m.get(path[path.length - 1]) : null;
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    static String name(Map<String, Object> doc) {
        return String.valueOf(map(doc, "metadata").get("name"));
    }

    static String kindAndName(Map<String, Object> doc) {
        return doc.get("kind") + "/" + name(doc);
    }

    /** The workloads (anything with a pod template). */
    static List<Map<String, Object>> workloads(List<Map<String, Object>> docs) {
        return docs.stream().filter(d -> POD_TEMPLATES.containsKey(String.valueOf(d.get("kind")))).toList();
    }

    /** The pod template (metadata and spec) of a workload. */
    static Map<String, Object> podTemplate(Map<String, Object> workload) {
        return map(workload, POD_TEMPLATES.get(String.valueOf(workload.get("kind"))).toArray(String[]::new));
    }

    /** Every container of a pod spec, init containers included. */
    static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            list(podSpec, field).forEach(c -> all.add(map(c)));
        }
        return all;
    }

    /** The container's args, as strings. */
    static List<String> args(Map<String, Object> container) {
        return list(container, "args").stream().map(String::valueOf).toList();
    }

    /** role name → "verb group/resource" grants ("verb resource" for the core group). */
    static Map<String, List<String>> grants(List<Map<String, Object>> docs) {
        Map<String, List<String>> grants = new java.util.TreeMap<>();
        for (Map<String, Object> role : ofKind(docs, "ClusterRole")) {
            grants.put(name(role), grants(role));
        }
        return grants;
    }

    static List<String> grants(Map<String, Object> role) {
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
        return pairs;
    }
}
