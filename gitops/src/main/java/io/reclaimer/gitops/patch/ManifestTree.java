package io.reclaimer.gitops.patch;

import io.reclaimer.gitops.yaml.YamlFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The YAML of a directory tree as kustomize and a GitOps controller see it: every YAML file parsed once, every
 * {@code kustomization.yaml} with its namespace, resources and patch files. A file a kustomization lists is
 * rendered through it; a file in a kustomization's directory that none lists is not deployed; any other YAML
 * file is a plain manifest. Files that are not YAML (Helm templates) are skipped and counted.
 */
final class ManifestTree {

    static final List<String> KUSTOMIZATION_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    /** One Kubernetes object document of a file. */
    record Doc(YamlFile file, int index, Node root, String kind, String name, String namespace) {
    }

    /** A kustomization: its own documents as resources and as patches, and the kustomizations it includes. */
    record Kustomization(Path dir, YamlFile file, String namespace, List<Doc> resources, List<Doc> patches,
                         List<Path> children, List<String> ignored) {
    }

    final Path root;
    final Path scope;
    final Map<Path, YamlFile> files = new LinkedHashMap<>();
    final Map<Path, Kustomization> kustomizations = new LinkedHashMap<>();
    final List<Doc> plainDocs = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();

    private ManifestTree(Path root, Path scope) {
        this.root = root;
        this.scope = scope;
    }

    /** Reads everything below {@code scope} (inside the repository {@code root}). */
    static ManifestTree read(Path root, Path scope) {
        ManifestTree tree = new ManifestTree(root.toAbsolutePath().normalize(), scope.toAbsolutePath().normalize());
        tree.load();
        return tree;
    }

    private void load() {
        List<Path> yaml;
        // the whole repository is read: an overlay's kustomization reaches its base outside the scope
        try (Stream<Path> walk = Files.walk(root)) {
            yaml = walk.filter(Files::isRegularFile).filter(p -> !hidden(p)).filter(ManifestTree::isYaml).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + scope + ": " + e.getMessage(), e);
        }
        for (Path path : yaml) {
            try {
                files.put(path, YamlFile.parse(relative(path), Files.readString(path, StandardCharsets.UTF_8)));
            } catch (YamlEngineException e) {
                unreadable.add(relative(path));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<Path, YamlFile> entry : files.entrySet()) {
            if (KUSTOMIZATION_NAMES.contains(entry.getKey().getFileName().toString())) {
                kustomizations.put(entry.getKey().getParent(), kustomization(entry.getKey().getParent(), entry.getValue()));
            }
        }
        Set<Path> listed = new HashSet<>();
        for (Kustomization k : kustomizations.values()) {
            k.resources().forEach(d -> listed.add(path(d.file())));
            k.patches().forEach(d -> listed.add(path(d.file())));
            listed.add(path(k.file()));
        }
        for (Map.Entry<Path, YamlFile> entry : files.entrySet()) {
            Path path = entry.getKey();
            if (listed.contains(path) || insideKustomization(path) || !path.startsWith(scope)) {
                continue;
            }
            plainDocs.addAll(docs(entry.getValue()));
        }
    }

    private boolean insideKustomization(Path file) {
        return kustomizations.containsKey(file.getParent());
    }

    private Kustomization kustomization(Path dir, YamlFile file) {
        Node doc = file.documents().isEmpty() ? null : file.documents().get(0);
        String namespace = YamlFile.text(doc, "namespace").orElse("");
        List<Doc> resources = new ArrayList<>();
        List<Doc> patches = new ArrayList<>();
        List<Path> children = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> entries = new ArrayList<>(YamlFile.at(doc, "resources").map(YamlFile::strings).orElse(List.of()));
        entries.addAll(YamlFile.at(doc, "bases").map(YamlFile::strings).orElse(List.of()));
        for (String entry : entries) {
            Path target = dir.resolve(entry).normalize();
            if (entry.contains("://") || entry.startsWith("github.com/") || !target.startsWith(root)) {
                ignored.add(entry + " (outside this tree)");
            } else if (Files.isDirectory(target)) {
                children.add(target);
            } else if (files.containsKey(target)) {
                resources.addAll(docs(files.get(target)));
            } else {
                ignored.add(entry + " (not found)");
            }
        }
        List<String> patchFiles = new ArrayList<>(YamlFile.at(doc, "patchesStrategicMerge").map(YamlFile::strings)
                .orElse(List.of()));
        for (Node patch : YamlFile.items(YamlFile.at(doc, "patches").orElse(null))) {
            YamlFile.text(patch, "path").ifPresentOrElse(patchFiles::add,
                    () -> ignored.add("an inline patch at line " + file.line(patch) + " (edit it by hand)"));
        }
        for (String entry : patchFiles) {
            Path target = dir.resolve(entry).normalize();
            if (files.containsKey(target)) {
                patches.addAll(docs(files.get(target)));
            } else {
                ignored.add(entry + " (not found)");
            }
        }
        return new Kustomization(dir, file, namespace, resources, patches, children, ignored);
    }

    private static List<Doc> docs(YamlFile file) {
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < file.documents().size(); i++) {
            Node root = file.documents().get(i);
            String kind = YamlFile.text(root, "kind").orElse("");
            String name = YamlFile.text(root, "metadata", "name").orElse("");
            if (!kind.isEmpty() && !name.isEmpty()) {
                docs.add(new Doc(file, i, root, kind, name, YamlFile.text(root, "metadata", "namespace").orElse("")));
            }
        }
        return docs;
    }

    /**
     * What a controller renders: the scope's own kustomization when it has one, else the kustomizations below the
     * scope that no other one there includes.
     */
    List<Kustomization> roots() {
        if (kustomizations.containsKey(scope)) {
            return List.of(kustomizations.get(scope));
        }
        List<Kustomization> inScope = kustomizations.values().stream().filter(k -> k.dir().startsWith(scope)).toList();
        Set<Path> included = new HashSet<>();
        inScope.forEach(k -> included.addAll(k.children()));
        return inScope.stream().filter(k -> !included.contains(k.dir())).toList();
    }

    Path path(YamlFile file) {
        return root.resolve(file.path()).normalize();
    }

    String relative(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private boolean hidden(Path path) {
        Path rel = root.relativize(path.toAbsolutePath().normalize());
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.equals("Kustomization");
    }
}
