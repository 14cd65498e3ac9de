package io.reclaimer.actions.permit;

import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.actions.execution.Withdrawals;
import io.reclaimer.actions.flow.GateDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a change is allowed, as a pure function of what is known at that instant (docs/actions.md, "When is a
 * change allowed"). Everything Reclaimer does on its own passes here right before the side effect:
 *
 * <ul>
 *   <li>A change that takes something away (a first or resumed execution, an approval, a scheduled sleep) goes
 *       ahead only when {@code actions.dryRun} is off, the target has not opted out (its own labels,
 *       annotations and tags as just observed, over what the feed last saw), the finding is still current, and
 *       the current policy still proposes the same action with an outcome the request's grant covers: an
 *       automatic request needs {@code auto}, an approved (or pending) one {@code approve} or {@code auto}.
 *       Any other answer withdraws it. Then, and only then, a freeze or the hourly cap holds it.</li>
 *   <li>A restore Reclaimer makes on its own (the unmark of a resolved finding, a scheduled wake) honours
 *       dry-run, the opt-out, protected namespaces and freezes by waiting; it is never withdrawn.</li>
 *   <li>A person's rollback is never blocked: the note says what it overrides, for the audit log.</li>
 * </ul>
 */
final class ExecutionPermit {

    /** How the request was granted: automatically, or by a person's approval (given or still pending). */
    public enum Grant { AUTO, APPROVAL }

    public static final String DRY_RUN_RULE = "actions.dryRun";
    public static final String RESOLVED_RULE = Withdrawals.RESOLVED.rule();
    public static final String OPT_OUT_RULE = "guardrail opt-out";
    public static final String PROTECTED_RULE = "guardrail protected-namespace";
    private static final String GUARDRAIL = "guardrail ";
    private static final String BLOCKED = " blocked: ";

    private ExecutionPermit() {
    }

    public static Grant grantOf(ActionRequest request) {
        return request.verdict().outcome() == Outcome.AUTO ? Grant.AUTO : Grant.APPROVAL;
    }

    /**
     * May a change that takes something away go ahead now? Every reason to withdraw comes before any reason to
     * hold: a request the policy no longer allows is withdrawn even during a freeze.
     *
     * @param observed  the target's labels, annotations and tags as the re-check read them (empty before it)
     * @param judgement the policy gate's answer on the finding with those facts (none before the finding is known)
     * @param hold      an active change freeze or the hourly cap, if any
     */
    public static Permit change(Grant grant, ActionType type, boolean dryRun, FindingState finding,
                                Optional<TargetFacts> observed, Judgement judgement, Optional<String> hold) {
        if (dryRun) {
            return Permit.withdraw("actions.dryRun is on: Reclaimer executes nothing", DRY_RUN_RULE);
        }
        Optional<String> observedOptOut = observed.flatMap(f -> ReclaimerLabels.optOut(f.labels(), f.annotations(), f.tags()));
        if (finding instanceof FindingState.Unknown unknown) {
            return observedOptOut.map(ExecutionPermit::optedOut).orElseGet(() -> Permit.hold(unknown.why()));
        }
        if (finding instanceof FindingState.Resolved) {
            return Withdrawals.RESOLVED;
        }
        Finding current = overlay(((FindingState.Known) finding).finding(), observed);
        Optional<String> optOut = ReclaimerLabels.optOut(current.labels(), current.annotations(), current.tags());
        if (optOut.isPresent()) {
            return optedOut(optOut.get());
        }
        if (judgement.decision().isEmpty()) {
            return Permit.hold("the policy could not judge the finding" + (judgement.failure().isEmpty() ? ""
                    : ": " + judgement.failure()));
        }
        GateDecision decision = judgement.decision().get();
        Outcome outcome = decision.verdict().outcome();
        if (decision.action() != type) {
            return Permit.withdraw("the policy now proposes " + wire(decision.action()) + ", not " + wire(type) + " ("
                    + wire(outcome) + "): " + why(decision.verdict()), rule(decision.verdict()));
        }
        if (!allows(grant, outcome)) {
            return Permit.withdraw("the policy now says " + wire(outcome) + (grant == Grant.AUTO && outcome == Outcome.APPROVE
                    ? " (a person must approve it)" : "") + ": " + why(decision.verdict()), rule(decision.verdict()));
        }
        return hold.map(Permit::hold).orElse(Permit.proceed());
    }

    /**
     * A restore the service makes on its own (the unmark of a resolved finding, a scheduled wake): it gives back
     * what Reclaimer took, so the verdict does not matter, but Reclaimer touches nothing on its own in dry-run,
     * on an opted-out target, in a protected namespace or during a freeze. Held, never withdrawn.
     */
    public static Permit automaticRestore(boolean dryRun, Optional<String> optOut, Optional<String> protectedScope,
                                          Optional<String> freeze) {
        if (dryRun) {
            return Permit.hold("actions.dryRun is on: Reclaimer changes nothing on its own", DRY_RUN_RULE);
        }
        if (optOut.isPresent()) {
            return Permit.hold("the target opted out with " + optOut.get() + ": Reclaimer leaves it as it is",
                    OPT_OUT_RULE);
        }
        if (protectedScope.isPresent()) {
            return Permit.hold(protectedScope.get(), PROTECTED_RULE);
        }
        return freeze.map(Permit::hold).orElse(Permit.proceed());
    }

    /**
     * A person's rollback (Slack button or {@code reclaimer rollback}): never blocked, because a person asked to
     * put back what Reclaimer changed; the executor's re-check still guards the target. The note names what it
     * overrides, for the audit log.
     */
    public static Permit personsRollback(String actor, boolean dryRun, Optional<String> optOut,
                                         Optional<String> protectedScope, Optional<String> freeze) {
        List<String> overrides = new ArrayList<>();
        if (dryRun) {
            overrides.add("actions.dryRun is on");
        }
        optOut.ifPresent(o -> overrides.add("the target opted out with " + o));
        protectedScope.ifPresent(overrides::add);
        freeze.ifPresent(overrides::add);
        return overrides.isEmpty() ? Permit.proceed() : Permit.proceed(actor + " rolls back although "
                + String.join("; ", overrides) + ": a person's rollback restores what Reclaimer changed");
    }

    /** What the policy is judged on: the finding as the feed knows it, with the target's observed labels, annotations and tags over it. */
    public static Finding overlay(Finding finding, Optional<TargetFacts> observed) {
        if (observed.isEmpty()) {
            return finding;
        }
        TargetFacts facts = observed.get();
        return new Finding(finding.id(), finding.kind(), finding.resource(), finding.resourceKind(),
                finding.resourceName(), finding.provider(), finding.cluster(), finding.namespace(), finding.account(),
                finding.region(), finding.monthlyUsd(), finding.since(), finding.observedAt(), finding.confidence(),
                finding.evidence(), merge(finding.labels(), facts.labels()), merge(finding.annotations(), facts.annotations()),
                merge(finding.tags(), facts.tags()));
    }

    /** The message of a guardrail that lowered the verdict ({@code guardrail NAME blocked: MESSAGE}), if it did. */
    public static Optional<String> blockedBy(PolicyVerdict verdict, String guardrail) {
        String prefix = GUARDRAIL + guardrail + BLOCKED;
        return verdict.reasons().stream().filter(r -> r.startsWith(prefix)).map(r -> r.substring(prefix.length()))
                .findFirst();
    }

    static boolean allows(Grant grant, Outcome outcome) {
        return outcome == Outcome.AUTO || grant == Grant.APPROVAL && outcome == Outcome.APPROVE;
    }

    private static Permit optedOut(String how) {
        return Permit.withdraw("the target opted out with " + how, OPT_OUT_RULE);
    }

    /** The guardrails that lowered the verdict, else the policy rule that decided it. */
    static String rule(PolicyVerdict verdict) {
        List<String> guardrails = new ArrayList<>();
        for (String reason : verdict.reasons()) {
            int blocked = reason.indexOf(BLOCKED);
            if (reason.startsWith(GUARDRAIL) && blocked > GUARDRAIL.length()) {
                guardrails.add(reason.substring(0, blocked));
            }
        }
        if (!guardrails.isEmpty()) {
            return String.join(", ", guardrails);
        }
        return verdict.policy().isEmpty() ? "default decision" : verdict.policy() + "/" + verdict.rule();
    }

    /** The words of what lowered the verdict, else its first reason. */
    static String why(PolicyVerdict verdict) {
        List<String> blocked = new ArrayList<>();
        for (String reason : verdict.reasons()) {
            int at = reason.indexOf(BLOCKED);
            if (reason.startsWith(GUARDRAIL) && at > 0) {
                blocked.add(reason.substring(at + BLOCKED.length()));
            }
        }
        if (!blocked.isEmpty()) {
            return String.join("; ", blocked);
        }
        return verdict.reasons().isEmpty() ? "no reason given" : verdict.reasons().get(0);
    }

    private static Map<String, String> merge(Map<String, String> known, Map<String, String> observed) {
        Map<String, String> merged = new LinkedHashMap<>(known);
        merged.putAll(observed);
        return merged;
    }

    static String wire(Outcome outcome) {
        return outcome.wireName();
    }

    static String wire(ActionType type) {
        return type.wireName();
    }
}
