package io.reclaimer.policies.rules;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.gitops.GitOpsOwner;
import io.reclaimer.model.time.Durations;
import io.reclaimer.policies.expression.FindingExpressions.ExpressionFailure;
import io.reclaimer.policies.expression.FindingExpressions.FindingExpression;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The selector of a rule. Every constraint that is set must hold (AND); an empty list or map sets no
 * constraint, so an empty match selects every finding. Name lists are globs; a label/annotation/tag
 * constraint is {@code key: value-glob} and requires the key to be present ({@code "*"} = any value).
 * {@code gitops} selects by who owns the resource's YAML ({@link GitOpsOwner#of}).
 */
public record Match(Set<FindingKind> kinds, List<Glob> clusters, List<Glob> namespaces, List<Glob> excludeNamespaces,
                    Map<String, Glob> labels, Map<String, Glob> annotations, Map<String, Glob> tags,
                    List<Glob> accounts, List<Glob> regions, Double minMonthlyUsd, Duration minAge,
                    Double minConfidence, FindingExpression expression, Set<GitOpsOwner.Tool> gitops) {

    public static final Match ALL = new Match(Set.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of(),
            List.of(), List.of(), null, null, null, null, Set.of());

    public Match {
        kinds = Set.copyOf(kinds);
        clusters = List.copyOf(clusters);
        namespaces = List.copyOf(namespaces);
        excludeNamespaces = List.copyOf(excludeNamespaces);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        tags = Map.copyOf(tags);
        accounts = List.copyOf(accounts);
        regions = List.copyOf(regions);
        gitops = gitops == null ? Set.of() : Set.copyOf(gitops);
    }

    /** Whether the finding is selected, and if not, the first constraint that failed, in words. */
    public Result test(Finding finding, Instant now) {
        if (!kinds.isEmpty() && !kinds.contains(finding.kind())) {
            return Result.no("kind '" + finding.kind() + "' is not one of " + sorted(kinds));
        }
        String failed = firstFailure(finding, now);
        if (failed != null) {
            return Result.no(failed);
        }
        if (expression != null) {
            try {
                if (!expression.matches(finding, now)) {
                    return Result.no("expression is false: " + expression.source());
                }
            } catch (ExpressionFailure e) {
                return Result.error("expression failed: " + e.getMessage() + " (" + expression.source() + ")");
            }
        }
        return Result.YES;
    }

    private String firstFailure(Finding finding, Instant now) {
        if (!clusters.isEmpty() && noneMatch(clusters, finding.cluster())) {
            return "cluster '" + finding.cluster() + "' does not match " + clusters;
        }
        if (!namespaces.isEmpty() && noneMatch(namespaces, finding.namespace())) {
            return "namespace '" + finding.namespace() + "' does not match " + namespaces;
        }
        if (!excludeNamespaces.isEmpty() && !noneMatch(excludeNamespaces, finding.namespace())) {
            return "namespace '" + finding.namespace() + "' is excluded by " + excludeNamespaces;
        }
        String map = mapFailure("label", labels, finding.labels());
        if (map == null) {
            map = mapFailure("annotation", annotations, finding.annotations());
        }
        if (map == null) {
            map = mapFailure("tag", tags, finding.tags());
        }
        if (map != null) {
            return map;
        }
        if (!accounts.isEmpty() && noneMatch(accounts, finding.account())) {
            return "account '" + finding.account() + "' does not match " + accounts;
        }
        if (!regions.isEmpty() && noneMatch(regions, finding.region())) {
            return "region '" + finding.region() + "' does not match " + regions;
        }
        if (!gitops.isEmpty()) {
            GitOpsOwner owner = GitOpsOwner.of(finding);
            if (!gitops.contains(owner.tool())) {
                return "managed by " + owner.describe() + (owner.managed() ? " (" + owner.via() + ")" : "")
                        + ", not " + gitops.stream().map(GitOpsOwner.Tool::wireName).sorted()
                                .collect(Collectors.joining(" or "));
            }
        }
        if (minMonthlyUsd != null && finding.monthlyUsd() < minMonthlyUsd) {
            return "saves " + usd(finding.monthlyUsd()) + " USD/month, less than " + usd(minMonthlyUsd);
        }
        if (minAge != null && Duration.between(finding.since(), now).compareTo(minAge) < 0) {
            return "age " + Durations.compact(Duration.between(finding.since(), now)) + " is less than "
                    + Durations.compact(minAge);
        }
        if (minConfidence != null) {
            if (finding.confidence() == null) {
                return "confidence is unknown, rule needs at least " + minConfidence;
            }
            if (finding.confidence() < minConfidence) {
                return "confidence " + finding.confidence() + " is less than " + minConfidence;
            }
        }
        return null;
    }

    private static String mapFailure(String what, Map<String, Glob> wanted, Map<String, String> actual) {
        for (String key : wanted.keySet().stream().sorted().toList()) {
            String value = actual.get(key);
            if (value == null) {
                return what + " '" + key + "' is absent";
            }
            if (!wanted.get(key).matches(value)) {
                return what + " '" + key + "=" + value + "' does not match '" + wanted.get(key) + "'";
            }
        }
        return null;
    }

    private static boolean noneMatch(List<Glob> globs, String value) {
        return globs.stream().noneMatch(glob -> glob.matches(value));
    }

    private static String sorted(Set<FindingKind> kinds) {
        return kinds.stream().map(FindingKind::wireName).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    static String usd(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** The outcome of testing one finding: selected, not selected (why), or the expression failed (why). */
    public record Result(Status status, String reason) {
        public enum Status { MATCHED, NOT_MATCHED, ERROR }

        static final Result YES = new Result(Status.MATCHED, "");

        static Result no(String reason) {
            return new Result(Status.NOT_MATCHED, reason);
        }

        static Result error(String reason) {
            return new Result(Status.ERROR, reason);
        }

        public boolean matched() {
            return status == Status.MATCHED;
        }
    }
}
