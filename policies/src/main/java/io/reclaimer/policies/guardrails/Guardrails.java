package io.reclaimer.policies.guardrails;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.rules.Glob;
import io.reclaimer.policies.rules.SourceRef;
import java.util.List;
import java.util.Map;

/**
 * Limits that hold whatever the rules say; from the {@code kind: Guardrails} document of a policy set, or
 * {@link #defaults()} when there is none. A guardrail can only make a decision more restrictive.
 *
 * @param defaultDecision decision for findings no rule selects: {@code deny} or {@code dry-run}
 * @param protectedNamespaces namespaces (globs) where nothing is ever actionable
 * @param maxActionsPerHour approve + auto decisions (marks included) per rolling hour
 * @param runCap default blast radius per finding kind per run; {@code runCaps} overrides per kind
 * @param minGraceDays mark-for-op grace before any delete (rules may ask for more, never less)
 * @param autoMark when a rule says {@code approve}, place the reversible mark without asking (approval is
 *                 asked for the real action once the grace period is over)
 */
public record Guardrails(SourceRef source, Outcome defaultDecision, List<Glob> protectedNamespaces,
                         int maxActionsPerHour, RunCap runCap, Map<FindingKind, RunCap> runCaps,
                         List<FreezeWindow> freezes, DownsizeLimits downsize, int minGraceDays, boolean autoMark,
                         Approvals approvals) {

    /** kube-system, kube-public, kube-node-lease and the other control-plane / platform namespaces. */
    public static final List<String> DEFAULT_PROTECTED_NAMESPACES = List.of("kube-*", "openshift-*", "istio-system",
            "gatekeeper-system", "cert-manager", "reclaimer");

    public static final int DEFAULT_MAX_ACTIONS_PER_HOUR = 20;
    public static final RunCap DEFAULT_RUN_CAP = new RunCap(50, 10);
    public static final int DEFAULT_MIN_GRACE_DAYS = 7;

    public Guardrails {
        if (defaultDecision != Outcome.DENY && defaultDecision != Outcome.DRY_RUN) {
            throw new IllegalArgumentException("defaultDecision must be deny or dry-run");
        }
        protectedNamespaces = List.copyOf(protectedNamespaces);
        runCaps = Map.copyOf(runCaps);
        freezes = List.copyOf(freezes);
    }

    public static Guardrails defaults() {
        return new Guardrails(SourceRef.BUILT_IN, Outcome.DRY_RUN,
                DEFAULT_PROTECTED_NAMESPACES.stream().map(Glob::of).toList(), DEFAULT_MAX_ACTIONS_PER_HOUR,
                DEFAULT_RUN_CAP, Map.of(), List.of(), DownsizeLimits.DEFAULT, DEFAULT_MIN_GRACE_DAYS, true,
                Approvals.DEFAULT);
    }

    public RunCap runCapFor(FindingKind kind) {
        return runCaps.getOrDefault(kind, runCap);
    }
}
