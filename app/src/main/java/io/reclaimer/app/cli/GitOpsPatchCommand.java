package io.reclaimer.app.cli;

import io.reclaimer.gitops.git.GitWorkTree;
import io.reclaimer.gitops.patch.ContainerChange;
import io.reclaimer.gitops.patch.GitOpsPatcher;
import io.reclaimer.gitops.patch.PatchReport;
import io.reclaimer.gitops.patch.RecommendationsFile;
import io.reclaimer.model.rightsizing.RequestPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reclaimer gitops patch --repo DIR --recommendations FILE.json [--commit]}: the recommendations become edits
 * of the manifests, kustomize patches or Helm values in a Git working tree; the unified diff is printed, and with
 * {@code --commit} the edit is committed alone on a new branch.
 */
@Command(name = "patch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Edit a Git working tree so each recommended container's requests (and limits) become the",
            "recommendation: plain manifests, kustomize patches, Helm values (reclaimer.io/values-path).",
            "Only the changed scalars move; comments and layout stay. Prints the unified diff and one line per",
            "container; a container found nowhere or in several places is reported and left alone.",
            "Exits 0 when every container was changed or already right, 3 when some were skipped."})
final class GitOpsPatchCommand implements Callable<Integer> {

    public enum Aim { TARGET, UPPER_BOUND }

    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The Git working tree to edit.")
    Path repo;

    @Option(names = "--recommendations", required = true, paramLabel = "FILE.json",
            description = "rightsize --format json output, or a demo --report file.")
    Path recommendations;

    @Option(names = "--path", paramLabel = "DIR",
            description = "The directory (inside the repo) the GitOps tool renders, e.g. an overlay (default: all of it).")
    Path path;

    @Option(names = "--to", paramLabel = "VALUE", defaultValue = "target",
            description = "Which recommended value: target or upper-bound (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--limits", paramLabel = "POLICY", defaultValue = "proportional",
            description = "proportional, drop-cpu or keep, as the limits policy of live downsizes (default: ${DEFAULT-VALUE}).")
    String limits;

    @Option(names = "--values-path", paramLabel = "WORKLOAD=FILE#PATH",
            description = "Where a workload's requests are in Helm values, when it has no reclaimer.io/values-path "
                    + "annotation: WORKLOAD is ns/Kind/name[/container] or name[/container]. Repeatable.")
    Map<String, String> valuesPaths = new LinkedHashMap<>();

    @Option(names = "--commit", description = "Commit the edited files alone on a new branch (JGit).")
    boolean commit;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "Branch for --commit (default: reclaimer/rightsize-<UTC timestamp>).")
    String branch;

    @Option(names = "--author", paramLabel = "NAME <EMAIL>",
            description = "Author of the commit (default: the repository's user.name and user.email).")
    String author;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecommendationsFile.Aim aim = switch (to) {
            case "target" -> RecommendationsFile.Aim.TARGET;
            case "upper-bound", "upperBound" -> RecommendationsFile.Aim.UPPER_BOUND;
            default -> throw new IllegalArgumentException("--to must be target or upper-bound, was " + to);
        };
        RequestPlan.Limits limitsPolicy = RequestPlan.Limits.parse(limits);
        List<ContainerChange> changes = RecommendationsFile.read(recommendations, aim);
        PatchReport report = GitOpsPatcher.plan(repo, path, changes, new GitOpsPatcher.Options(limitsPolicy, valuesPaths));
        if (commit) {
            try (GitWorkTree tree = GitWorkTree.open(repo)) {
                Set<String> dirty = tree.uncommitted(report.changedPaths());
                if (!dirty.isEmpty()) {
                    throw new IllegalArgumentException("uncommitted changes in " + String.join(", ", dirty)
                            + ": commit or stash them first, --commit would sweep them in");
                }
            }
        }
        report.write();
        out.print(report.diff());
        report.warnings().forEach(w -> err.println("warning: " + w));
        report.outcomes().forEach(o -> err.println(o));
        if (commit && report.changed()) {
            String name = branch != null ? branch : "reclaimer/rightsize-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant());
            try (GitWorkTree tree = GitWorkTree.open(repo)) {
                GitWorkTree.Commit made = tree.commitOnNewBranch(name, report.changedPaths(), message(report),
                        author == null ? null : person(author));
                err.println("committed " + made.id().substring(0, 12) + " on branch " + made.branch() + " ("
                        + made.paths().size() + " file(s))");
            }
        } else if (commit) {
            err.println("nothing to commit");
        }
        out.flush();
        err.flush();
        boolean skipped = report.outcomes().stream().anyMatch(o -> o.status() == PatchReport.Status.SKIPPED);
        return skipped ? 3 : 0;
    }

    private static String message(PatchReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("rightsize: requests of " + report.outcomes().stream()
                .filter(o -> o.status() == PatchReport.Status.CHANGED).count() + " container(s) from Reclaimer's recommendations");
        lines.add("");
        report.outcomes().stream().filter(o -> o.status() == PatchReport.Status.CHANGED)
                .forEach(o -> lines.add("- " + o.container() + ": " + o.message()));
        return String.join("\n", lines) + "\n";
    }

    private static PersonIdent person(String text) {
        int open = text.indexOf('<');
        int close = text.indexOf('>', open + 1);
        if (open <= 0 || close < 0) {
            throw new IllegalArgumentException("--author must be 'Name <email>', was '" + text + "'");
        }
        return new PersonIdent(text.substring(0, open).trim(), text.substring(open + 1, close).trim());
    }
}
