package io.reclaimer.gitops.patch;

import io.reclaimer.gitops.patch.ManifestTree.Doc;
import io.reclaimer.gitops.patch.ManifestTree.Kustomization;
import io.reclaimer.gitops.yaml.YamlFile;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Finds the one place to edit for a container: a Helm values mapping when one is named (annotation
 * {@code reclaimer.io/values-path[.<container>]: values.yaml#path.to.resources} or a configured mapping), else
 * the manifests by kind, name, namespace (or none) and container name. In a kustomization the outermost patch
 * that sets the container's resources wins over its base, as kustomize renders it. Nothing found, or more than
 * one place, is an answer too: the caller then changes nothing for that container.
 */
final class SiteResolver {

    static final List<String> QUANTITY_KEYS = List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory");

    sealed interface Resolution {
    }

    record Found(Site site) implements Resolution {
    }

    record NotFound(String reason) implements Resolution {
    }

    private final ManifestTree tree;
    private final Map<String, String> valuesPaths;

    SiteResolver(ManifestTree tree, Map<String, String> valuesPaths) {
        this.tree = tree;
        this.valuesPaths = valuesPaths;
    }

    Resolution resolve(ContainerChange change) {
        Optional<String> valuesPath = valuesPath(change);
        if (valuesPath.isPresent()) {
            return helmValues(valuesPath.get());
        }
        List<Candidate> winners = new ArrayList<>();
        for (Kustomization root : tree.roots()) {
            winner(root, change).ifPresent(winners::add);
        }
        for (Doc doc : tree.plainDocs) {
            if (matches(doc, change) && namespaceMatches(doc.namespace(), change)) {
                container(doc, change.container()).ifPresent(c -> winners.add(new Candidate(doc, c, null)));
            }
        }
        Map<String, Candidate> distinct = new LinkedHashMap<>();
        winners.forEach(w -> distinct.putIfAbsent(w.doc().file().path() + "@" + w.doc().file().start(w.container()), w));
        if (distinct.isEmpty()) {
            return new NotFound("no manifest, kustomize patch or values mapping for " + change.label() + " below "
                    + describe(tree.scope));
        }
        if (distinct.size() > 1) {
            List<String> places = distinct.values().stream().map(c -> c.doc().file().path() + ":"
                    + c.doc().file().line(c.container())).toList();
            return new NotFound("more than one place defines " + change.label() + ": " + String.join(", ", places)
                    + " (narrow it with --path, the directory the GitOps tool renders)");
        }
        Candidate chosen = distinct.values().iterator().next();
        return new Found(site(chosen));
    }

    /** A container of a document; {@code base} is the resource under a kustomize patch. */
    private record Candidate(Doc doc, Node container, Candidate base) {
    }

    private Optional<Candidate> winner(Kustomization root, ContainerChange change) {
        List<Rendered> resources = new ArrayList<>();
        List<Rendered> patches = new ArrayList<>();
        render(root, "", 0, resources, patches, new HashSet<>());
        Candidate base = null;
        for (Rendered r : resources) {
            if (matches(r.doc(), change) && namespaceMatches(r.namespace(), change)) {
                Optional<Node> container = container(r.doc(), change.container());
                if (container.isPresent()) {
                    base = new Candidate(r.doc(), container.get(), null);
                }
            }
        }
        if (base == null) {
            return Optional.empty();
        }
        Rendered best = null;
        Node bestContainer = null;
        for (Rendered p : patches) {
            if (!matches(p.doc(), change)) {
                continue;
            }
            Optional<Node> container = container(p.doc(), change.container());
            if (container.isPresent() && YamlFile.get(container.get(), "resources").isPresent()
                    && (best == null || p.depth() < best.depth())) {
                best = p;
                bestContainer = container.get();
            }
        }
        return Optional.of(best == null ? base : new Candidate(best.doc(), bestContainer, base));
    }

    private record Rendered(Doc doc, String namespace, int depth) {
    }

    private void render(Kustomization k, String outerNamespace, int depth, List<Rendered> resources,
                        List<Rendered> patches, Set<Path> visiting) {
        if (!visiting.add(k.dir())) {
            return;
        }
        // kustomize's namespace transformer: the outermost kustomization that sets one wins
        String namespace = outerNamespace.isEmpty() ? k.namespace() : outerNamespace;
        for (Doc doc : k.resources()) {
            resources.add(new Rendered(doc, namespace.isEmpty() ? doc.namespace() : namespace, depth));
        }
        for (Doc doc : k.patches()) {
            patches.add(new Rendered(doc, namespace, depth));
        }
        for (Path child : k.children()) {
            Kustomization included = tree.kustomizations.get(child);
            if (included != null) {
                render(included, namespace, depth + 1, resources, patches, visiting);
            }
        }
        visiting.remove(k.dir());
    }

    private Site site(Candidate chosen) {
        Node resources = YamlFile.get(chosen.container(), "resources").orElse(null);
        Map<String, String> inherited = new LinkedHashMap<>();
        List<Site.ContainerNode> containers = new ArrayList<>();
        if (chosen.base() != null) {
            YamlFile.get(chosen.base().container(), "resources").ifPresent(r -> inherited.putAll(quantities(r)));
            containers.add(new Site.ContainerNode(chosen.base().doc().file(), chosen.base().container()));
        }
        containers.add(new Site.ContainerNode(chosen.doc().file(), chosen.container()));
        String what = chosen.base() != null ? "kustomize patch " : "manifest ";
        return new Site(chosen.doc().file(), chosen.container(), resources, what + chosen.doc().file().path() + ":"
                + chosen.doc().file().line(chosen.container()), inherited, containers);
    }

    private Resolution helmValues(String reference) {
        int hash = reference.indexOf('#');
        if (hash <= 0 || hash == reference.length() - 1) {
            return new NotFound("values path '" + reference + "' must be FILE#path.to.resources");
        }
        Path file = tree.scope.resolve(reference.substring(0, hash)).normalize();
        YamlFile yaml = tree.files.get(file);
        if (yaml == null) {
            return new NotFound("values path '" + reference + "': " + (Files.exists(file) ? "not readable YAML"
                    : "no such file") + " below " + describe(tree.scope));
        }
        if (yaml.documents().isEmpty()) {
            return new NotFound("values path '" + reference + "': the file is empty");
        }
        Node node = yaml.documents().get(0);
        for (String segment : reference.substring(hash + 1).split("\\.")) {
            Optional<Node> next = YamlFile.get(node, segment);
            if (next.isEmpty() && segment.matches("\\d+") && Integer.parseInt(segment) < YamlFile.items(node).size()) {
                next = Optional.of(YamlFile.items(node).get(Integer.parseInt(segment)));
            }
            if (next.isEmpty()) {
                return new NotFound("values path '" + reference + "': no '" + segment + "' in " + yaml.path());
            }
            node = next.get();
        }
        if (!(node instanceof MappingNode)) {
            return new NotFound("values path '" + reference + "' is not a mapping of requests and limits");
        }
        return new Found(new Site(yaml, node, node, "Helm values " + yaml.path() + ":" + yaml.line(node), Map.of(),
                List.of()));
    }

    private Optional<String> valuesPath(ContainerChange change) {
        String specific = change.annotations().get(ReclaimerLabels.VALUES_PATH + "." + change.container());
        if (specific != null) {
            return Optional.of(specific);
        }
        for (String key : List.of(String.join("/", change.namespace(), change.kind(), change.name(), change.container()),
                String.join("/", change.namespace(), change.kind(), change.name()), change.name() + "/" + change.container(),
                change.name())) {
            if (valuesPaths.containsKey(key)) {
                return Optional.of(valuesPaths.get(key));
            }
        }
        return Optional.ofNullable(change.annotations().get(ReclaimerLabels.VALUES_PATH));
    }

    static Map<String, String> quantities(Node resources) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : QUANTITY_KEYS) {
            String[] parts = key.split("\\.");
            YamlFile.at(resources, parts).filter(n -> n instanceof ScalarNode).map(n -> ((ScalarNode) n).getValue())
                    .ifPresent(v -> values.put(key, v));
        }
        return values;
    }

    private static boolean matches(Doc doc, ContainerChange change) {
        return doc.name().equals(change.name()) && (change.kind().isEmpty() ? POD_TEMPLATE_KINDS.contains(doc.kind())
                : doc.kind().equals(change.kind()));
    }

    private static boolean namespaceMatches(String namespace, ContainerChange change) {
        return namespace.isEmpty() || change.namespace().isEmpty() || namespace.equals(change.namespace());
    }

    static final List<String> POD_TEMPLATE_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "Job", "CronJob", "Rollout", "Pod");

    static Optional<Node> container(Doc doc, String name) {
        String[] path = switch (doc.kind()) {
            case "CronJob" -> new String[] {"spec", "jobTemplate", "spec", "template", "spec", "containers"};
            case "Pod" -> new String[] {"spec", "containers"};
            default -> new String[] {"spec", "template", "spec", "containers"};
        };
        for (Node item : YamlFile.items(YamlFile.at(doc.root(), path).orElse(null))) {
            if (YamlFile.text(item, "name").filter(name::equals).isPresent()) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private String describe(Path dir) {
        String relative = tree.relative(dir);
        return relative.isEmpty() ? "the repository root" : relative;
    }
}
