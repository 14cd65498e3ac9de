package io.reclaimer.gitops.patch;

import io.fabric8.kubernetes.api.model.Quantity;
import io.reclaimer.gitops.patch.PatchReport.FileChange;
import io.reclaimer.gitops.patch.PatchReport.Outcome;
import io.reclaimer.gitops.patch.PatchReport.Status;
import io.reclaimer.gitops.patch.SiteResolver.Found;
import io.reclaimer.gitops.patch.SiteResolver.NotFound;
import io.reclaimer.gitops.patch.SiteResolver.Resolution;
import io.reclaimer.gitops.yaml.MappingEdits;
import io.reclaimer.gitops.yaml.TextEdit;
import io.reclaimer.gitops.yaml.YamlFile;
import io.reclaimer.model.rightsizing.JvmHeap;
import io.reclaimer.model.rightsizing.RequestPlan;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Edits a Git working tree so each container's requests (and limits, per the limits policy) become the
 * recommendation, as the smallest text change: only the scalars that change move, comments, key order and
 * formatting stay. Each container is resolved to exactly one place ({@link SiteResolver}); a container found
 * nowhere or in several places, or whose change the file's layout cannot take cleanly, is reported and left
 * alone. A JVM's memory never goes below heap + overhead ({@link JvmHeap}).
 */
public final class GitOpsPatcher {

    /** {@code valuesPaths}: workload ({@code ns/Kind/name[/container]} or {@code name[/container]}) → {@code FILE#path}. */
    public record Options(RequestPlan.Limits limits, Map<String, String> valuesPaths) {
        public Options {
            limits = limits == null ? RequestPlan.Limits.PROPORTIONAL : limits;
            valuesPaths = valuesPaths == null ? Map.of() : Map.copyOf(valuesPaths);
        }
    }

    private GitOpsPatcher() {
    }

    /** Plans the edits of {@code changes} in the tree below {@code scope} (default: the repository root). */
    public static PatchReport plan(Path repository, Path scope, List<ContainerChange> changes, Options options) {
        Path root = repository.toAbsolutePath().normalize();
        Path dir = scope == null ? root : root.resolve(scope).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(scope + " is not a directory inside " + repository);
        }
        ManifestTree tree = ManifestTree.read(root, dir);
        SiteResolver resolver = new SiteResolver(tree, options.valuesPaths());
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, List<TextEdit>> editsByFile = new LinkedHashMap<>();
        Map<String, YamlFile> filesByPath = new HashMap<>();
        Map<String, String> claimedBy = new HashMap<>();
        for (ContainerChange change : changes) {
            Resolution resolution = resolver.resolve(change);
            if (resolution instanceof NotFound nf) {
                outcomes.add(new Outcome(change.label(), Status.SKIPPED, nf.reason(), ""));
                continue;
            }
            Site site = ((Found) resolution).site();
            String previous = claimedBy.putIfAbsent(site.identity(), change.label());
            if (previous != null) {
                outcomes.add(new Outcome(change.label(), Status.SKIPPED, "the same block is already edited for " + previous
                        + ": give each container its own values path (" + io.reclaimer.model.labels.ReclaimerLabels.VALUES_PATH
                        + "." + change.container() + ")", site.description()));
                continue;
            }
            Planned planned = plan(change, site, options.limits());
            if (planned.problem() != null) {
                outcomes.add(new Outcome(change.label(), Status.SKIPPED, planned.problem(), site.description()));
                continue;
            }
            if (planned.edits().isEmpty()) {
                outcomes.add(new Outcome(change.label(), Status.UNCHANGED, join(change.notes(), "already as recommended"),
                        site.description()));
                continue;
            }
            editsByFile.computeIfAbsent(site.file().path(), p -> new ArrayList<>()).addAll(planned.edits());
            filesByPath.put(site.file().path(), site.file());
            outcomes.add(new Outcome(change.label(), Status.CHANGED, join(change.notes(), planned.summary()),
                    site.description()));
        }
        List<FileChange> files = new ArrayList<>();
        editsByFile.forEach((path, edits) -> {
            YamlFile file = filesByPath.get(path);
            files.add(new FileChange(path, file.text(), TextEdit.apply(file.text(), edits)));
        });
        List<String> warnings = new ArrayList<>();
        if (!tree.unreadable.isEmpty()) {
            warnings.add("not YAML, skipped (templates?): " + String.join(", ", tree.unreadable));
        }
        tree.kustomizations.values().forEach(k -> k.ignored().forEach(i -> warnings.add(k.file().path() + ": " + i)));
        return new PatchReport(root, outcomes, files, warnings);
    }

    private record Planned(List<TextEdit> edits, String summary, String problem) {
        static Planned problem(String why) {
            return new Planned(List.of(), "", why);
        }
    }

    private static Planned plan(ContainerChange change, Site site, RequestPlan.Limits limits) {
        Map<String, String> own = site.resources() == null ? Map.of() : SiteResolver.quantities(site.resources());
        Map<String, String> observed = new LinkedHashMap<>();
        for (String key : SiteResolver.QUANTITY_KEYS) {
            observed.put(key, own.getOrDefault(key, site.inherited().getOrDefault(key, "")));
        }
        BigDecimal floor = jvmFloor(site, observed).orElse(null);
        Map<String, String> planned;
        try {
            planned = RequestPlan.plan(observed, GitOpsPatcher::amount, change.cpuRequestCores(),
                    change.memoryRequestBytes(), limits, floor);
        } catch (IllegalArgumentException e) {
            return Planned.problem("a quantity cannot be read: " + e.getMessage());
        }
        List<TextEdit> edits = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (String key : SiteResolver.QUANTITY_KEYS) {
            String before = observed.get(key);
            String after = planned.get(key);
            if (same(before, after)) {
                continue;
            }
            String[] parts = key.split("\\.");
            Optional<Node> group = YamlFile.at(site.resources(), parts[0]);
            Optional<ScalarNode> scalar = group.flatMap(g -> MappingEdits.scalar(g, parts[1]));
            Optional<TextEdit> edit;
            if (after.isEmpty()) {
                edit = scalar.isPresent() && group.get() instanceof MappingNode m ? MappingEdits.remove(site.file(), m, parts[1])
                        : Optional.empty();
            } else if (scalar.isPresent()) {
                edit = Optional.of(MappingEdits.replace(site.file(), scalar.get(), after));
            } else {
                edit = group.filter(g -> g instanceof MappingNode)
                        .flatMap(g -> MappingEdits.add(site.file(), (MappingNode) g, parts[1], after));
            }
            if (edit.isEmpty()) {
                return Planned.problem(key + " should become " + (after.isEmpty() ? "unset" : after)
                        + " but the file has no place for it (" + (site.resources() == null ? "no resources block"
                        : group.isEmpty() ? "no " + parts[0] + " block" : "its layout") + "): edit it by hand");
            }
            edits.add(edit.get());
            summary.add(key + " " + (before.isEmpty() ? "unset" : before) + " -> " + (after.isEmpty() ? "unset" : after));
        }
        if (floor != null && change.memoryRequestBytes() != null && floor.compareTo(change.memoryRequestBytes()) > 0) {
            summary.add("memory kept at the JVM floor " + RequestPlan.memory(floor) + " (heap + overhead)");
        }
        return new Planned(edits, String.join(", ", summary), null);
    }

    private static Optional<BigDecimal> jvmFloor(Site site, Map<String, String> observed) {
        List<String> command = new ArrayList<>();
        List<String> args = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        for (Site.ContainerNode c : site.containers()) {
            YamlFile.at(c.node(), "command").map(YamlFile::strings).ifPresent(command::addAll);
            YamlFile.at(c.node(), "args").map(YamlFile::strings).ifPresent(args::addAll);
            for (Node var : YamlFile.items(YamlFile.at(c.node(), "env").orElse(null))) {
                Optional<String> name = YamlFile.text(var, "name");
                Optional<String> value = YamlFile.text(var, "value");
                if (name.isPresent() && value.isPresent()) {
                    env.put(name.get(), value.get());
                }
            }
        }
        String limit = observed.get(RequestPlan.MEMORY_LIMIT);
        return JvmHeap.of(command, args, env, limit.isEmpty() ? null : amount(limit)).map(JvmHeap::floorBytes);
    }

    static BigDecimal amount(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }

    private static boolean same(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return amount(a).compareTo(amount(b)) == 0;
    }

    private static String join(List<String> notes, String text) {
        List<String> all = new ArrayList<>();
        if (!text.isEmpty()) {
            all.add(text);
        }
        all.addAll(notes);
        return String.join("; ", all);
    }
}
