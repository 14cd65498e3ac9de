package io.reclaimer.policies.evaluation;

import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.time.Durations;
import io.reclaimer.policies.evaluation.GuardrailCheck.Status;
import io.reclaimer.policies.guardrails.FreezeWindow;
import io.reclaimer.policies.guardrails.Guardrails;
import io.reclaimer.policies.guardrails.RunCap;
import io.reclaimer.policies.rules.Match;
import io.reclaimer.policies.rules.Outcomes;
import io.reclaimer.policies.rules.Policy;
import io.reclaimer.policies.rules.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy gate: a pure function from (policy set, finding, context) to a {@link Decision} that explains
 * itself. No clock, no I/O: time and counters come in through {@link EvaluationContext}, so the same inputs
 * always give the same verdict and the same reason text.
 *
 * <p>Order of evaluation: policies in {@link PolicySet} order (file path, then document order); within a
 * policy the first rule that selects the finding decides; across policies the most restrictive decision
 * wins (deny &gt; dry-run &gt; approve &gt; auto; ties go to the earlier policy). A rule whose expression fails
 * at run time fails closed: it counts as a match if it denies, and is ignored otherwise. No rule: the
 * guardrails' {@code defaultDecision}. Then the guardrails, which can only lower the outcome. Immutable
 * and thread-safe.
 */
public final class PolicyEngine {

    private final PolicySet set;
    private final Guardrails guardrails;

    public PolicyEngine(PolicySet set) {
        this.set = Objects.requireNonNull(set, "set");
        this.guardrails = set.guardrails();
    }

    public PolicySet policySet() {
        return set;
    }

    /**
     * Decides for one finding on its own. Per-run blast radius cannot be judged here (use
     * {@link #planRun}); the hourly cap is judged against {@code context.actionsLastHour()}.
     */
    public Decision evaluate(Finding finding, EvaluationContext context) {
        Draft draft = draft(finding, context, activeFreeze(context.now()));
        applyHourlyCap(draft, context.actionsLastHour());
        return finish(draft, context);
    }

    /**
     * Decides for one finding right before its action is executed (or approved, or a schedule sleeps): the
     * rules and the guardrails that say whether the action is allowed at all (protected namespaces, opt-out,
     * grace period, downsize limits, approvers), but not the ones that only hold it for a while: change
     * freezes and the hourly cap are answered by {@link #executionBlocker}, and a run's blast radius does not
     * apply to one action. A lower outcome here than the request's means the policy no longer allows it.
     */
    public Decision evaluateForExecution(Finding finding, EvaluationContext context) {
        return finish(draft(finding, context, null), context);
    }

    /**
     * Decides for a whole evaluation cycle. First the blast radius: if the approve + auto decisions of any
     * finding kind exceed its {@link RunCap} (measured against the kind's population from the context, or,
     * when the caller does not know it, the number of findings of that kind in the batch, a lower bound
     * that makes the cap stricter), the run stops: every decision is capped at dry-run and an alert per
     * offending kind says why. Otherwise the hourly cap is shared among actionable decisions by priority
     * (highest monthly saving first, then finding id) and the rest fall back to dry-run.
     */
    public RunPlan planRun(List<Finding> findings, EvaluationContext context) {
        // the freeze depends on the time only: computed once per run, not per finding (cron lookups are costly)
        Optional<String> freeze = activeFreeze(context.now());
        List<Draft> drafts = findings.stream().map(f -> draft(f, context, freeze)).toList();
        Map<FindingKind, Integer> actionableByKind = new EnumMap<>(FindingKind.class);
        Map<FindingKind, Integer> findingsByKind = new EnumMap<>(FindingKind.class);
        for (Draft draft : drafts) {
            findingsByKind.merge(draft.finding.kind(), 1, Integer::sum);
            if (Outcomes.actionable(draft.outcome)) {
                actionableByKind.merge(draft.finding.kind(), 1, Integer::sum);
            }
        }
        List<String> alerts = new ArrayList<>();
        Map<FindingKind, String> heldLines = new EnumMap<>(FindingKind.class);
        for (Map.Entry<FindingKind, Integer> entry : actionableByKind.entrySet()) {
            FindingKind kind = entry.getKey();
            int count = entry.getValue();
            RunCap cap = guardrails.runCapFor(kind);
            Optional<Integer> known = context.population(kind);
            int population = known.orElse(findingsByKind.get(kind));
            String populationText = population + " " + kind + " resources"
                    + (known.isPresent() ? "" : " (population unknown: counted the findings of this run)");
            int allowed = cap.allowed(population);
            String limits = "max " + cap.maxCount() + ", " + fmt(cap.maxPercent()) + "% of " + populationText;
            if (count > allowed) {
                alerts.add("run stopped by blast radius: " + count + " " + kind + " actions exceed the " + allowed
                        + " allowed (" + limits + "); nothing was approved or executed");
            } else {
                heldLines.put(kind, count + " " + kind + " actions in this run, " + allowed + " allowed (" + limits + ")");
            }
        }
        boolean stopped = !alerts.isEmpty();
        for (Draft draft : drafts) {
            if (!Outcomes.actionable(draft.outcome)) {
                continue;
            }
            if (stopped) {
                draft.cap(Outcome.DRY_RUN, "blast-radius", String.join("; ", alerts));
            } else {
                draft.check("blast-radius", Status.HELD, heldLines.get(draft.finding.kind()));
            }
        }
        if (!stopped) {
            List<Draft> byPriority = drafts.stream().filter(d -> Outcomes.actionable(d.outcome))
                    .sorted(Comparator.comparingDouble((Draft d) -> -d.finding.monthlyUsd())
                            .thenComparing(d -> d.finding.id()))
                    .toList();
            int used = context.actionsLastHour();
            for (Draft draft : byPriority) {
                if (applyHourlyCap(draft, used)) {
                    used++;
                }
            }
        }
        return new RunPlan(context.now(), stopped, alerts, drafts.stream().map(d -> finish(d, context)).toList());
    }

    /**
     * Re-checks the time-dependent guardrails right before an approved or automatic action executes
     * (a freeze may have begun, the hour may be full since the decision): empty means go ahead, otherwise
     * the reason to hold the action back. {@code actionsLastHour} counts executions in the hour before now.
     */
    public Optional<String> executionBlocker(EvaluationContext context) {
        Optional<String> freeze = activeFreeze(context.now());
        if (freeze.isPresent()) {
            return freeze;
        }
        if (context.actionsLastHour() >= guardrails.maxActionsPerHour()) {
            return Optional.of(hourlyCapMessage(context.actionsLastHour()));
        }
        return Optional.empty();
    }

    // ---- one finding ---------------------------------------------------------------------------------

    /** {@code freeze} null: judged separately, right before execution ({@link #evaluateForExecution}). */
    private Draft draft(Finding finding, EvaluationContext context, Optional<String> freeze) {
        Instant now = context.now();
        Draft draft = new Draft(finding, finding.kind().action());
        selectRule(draft, now);
        ActionShaping.shape(draft, guardrails, now);
        protectedNamespace(draft);
        optOut(draft);
        if (freeze == null) {
            draft.check("change-freeze", Status.HELD, "judged right before execution: a freeze holds an action, it "
                    + "does not withdraw it");
        } else if (freeze.isPresent()) {
            draft.cap(Outcome.DRY_RUN, "change-freeze", freeze.get());
        } else {
            draft.check("change-freeze", Status.HELD, guardrails.freezes().isEmpty() ? "no change freeze is configured"
                    : "no change freeze is active at " + now);
        }
        return draft;
    }

    private void selectRule(Draft draft, Instant now) {
        List<Rule> selected = new ArrayList<>();
        List<Policy> selectedPolicies = new ArrayList<>();
        for (Policy policy : set.policies()) {
            for (Rule rule : policy.rules()) {
                Match.Result result = rule.match().test(draft.finding, now);
                draft.trace.add(new RuleTrace(policy.name(), rule.name(), rule.source(), rule.decision(),
                        result.status(), result.reason()));
                boolean failedClosed = result.status() == Match.Result.Status.ERROR && rule.decision() == Outcome.DENY;
                if (result.status() == Match.Result.Status.ERROR) {
                    draft.matchLines.add(ruleName(policy, rule) + ": " + result.reason() + "; "
                            + (failedClosed ? "counted as a match because the rule denies (fail closed)"
                            : "ignored because the rule would allow an action (fail closed)"));
                }
                if (result.matched() || failedClosed) {
                    selected.add(rule);
                    selectedPolicies.add(policy);
                    break;
                }
            }
        }
        if (selected.isEmpty()) {
            draft.outcome = guardrails.defaultDecision();
            draft.matchLines.add(0, "no policy rule selects this " + draft.finding.kind() + "; default decision "
                    + draft.outcome.wireName() + " (" + guardrails.source() + ")");
            return;
        }
        int winner = 0;
        for (int i = 1; i < selected.size(); i++) {
            if (Outcomes.restrictiveness(selected.get(i).decision())
                    > Outcomes.restrictiveness(selected.get(winner).decision())) {
                winner = i;
            }
        }
        draft.rule = selected.get(winner);
        draft.policy = selectedPolicies.get(winner);
        draft.outcome = draft.rule.decision();
        List<String> lines = new ArrayList<>();
        lines.add(ruleName(draft.policy, draft.rule) + " (" + draft.rule.source() + ") selects this "
                + draft.finding.kind() + ": " + draft.outcome.wireName());
        for (int i = 0; i < selected.size(); i++) {
            if (i != winner) {
                lines.add(ruleName(selectedPolicies.get(i), selected.get(i)) + " (" + selected.get(i).source()
                        + ") also selects it with " + selected.get(i).decision().wireName()
                        + "; the most restrictive decision applies");
            }
        }
        draft.matchLines.addAll(0, lines);
    }

    private void protectedNamespace(Draft draft) {
        String namespace = draft.finding.namespace();
        if (namespace.isEmpty()) {
            draft.check("protected-namespace", Status.HELD, "the resource is not namespaced");
            return;
        }
        guardrails.protectedNamespaces().stream().filter(glob -> glob.matches(namespace)).findFirst().ifPresentOrElse(
                glob -> draft.cap(Outcome.DENY, "protected-namespace",
                        "namespace '" + namespace + "' is protected (pattern '" + glob + "')"),
                () -> draft.check("protected-namespace", Status.HELD, "namespace '" + namespace + "' is not protected"));
    }

    private static void optOut(Draft draft) {
        Optional<String> found = OptOut.find(draft.finding);
        if (found.isPresent()) {
            draft.cap(Outcome.DENY, "opt-out", found.get());
        } else {
            draft.check("opt-out", Status.HELD, "no " + OptOut.LABEL + " label/annotation or " + OptOut.TAG
                    + " tag, no rollback mark");
        }
    }

    private Optional<String> activeFreeze(Instant now) {
        for (FreezeWindow freeze : guardrails.freezes()) {
            Optional<FreezeWindow.Interval> active = freeze.activeAt(now);
            if (active.isPresent()) {
                return Optional.of("change freeze " + freeze.describe() + " is active from "
                        + active.get().start().toOffsetDateTime() + " until " + active.get().end().toOffsetDateTime());
            }
        }
        return Optional.empty();
    }

    /** Returns whether the draft used a slot of the hourly budget. */
    private boolean applyHourlyCap(Draft draft, int usedInLastHour) {
        if (!Outcomes.actionable(draft.outcome)) {
            return false;
        }
        if (usedInLastHour >= guardrails.maxActionsPerHour()) {
            draft.cap(Outcome.DRY_RUN, "max-actions-per-hour", hourlyCapMessage(usedInLastHour));
            return false;
        }
        draft.check("max-actions-per-hour", Status.HELD, "action " + (usedInLastHour + 1) + " of "
                + guardrails.maxActionsPerHour() + " allowed in the last hour");
        return true;
    }

    private String hourlyCapMessage(int used) {
        return used + " actions in the last hour reached the cap of " + guardrails.maxActionsPerHour()
                + "; retried in a later cycle";
    }

    private Decision finish(Draft draft, EvaluationContext context) {
        List<String> approvers = List.of();
        Instant expiresAt = null;
        if (draft.outcome == Outcome.APPROVE) {
            approvers = draft.rule != null && !draft.rule.approvers().isEmpty() ? draft.rule.approvers()
                    : guardrails.approvals().defaultApprovers();
            if (approvers.isEmpty()) {
                draft.cap(Outcome.DRY_RUN, "approval", "the rule asks for approval but names no approvers and the "
                        + "guardrails have no defaultApprovers");
            } else {
                Duration ttl = draft.rule != null && draft.rule.approvalTtl() != null
                        ? draft.rule.approvalTtl() : guardrails.approvals().defaultTtl();
                if (ttl.compareTo(guardrails.approvals().maxTtl()) > 0) {
                    draft.check("approval", Status.ADJUSTED, "approval validity " + Durations.compact(ttl)
                            + " shortened to the maximum of " + Durations.compact(guardrails.approvals().maxTtl()));
                    ttl = guardrails.approvals().maxTtl();
                } else {
                    draft.check("approval", Status.HELD, "one of " + String.join(", ", approvers) + " must approve within "
                            + Durations.compact(ttl));
                }
                expiresAt = context.now().plus(ttl);
            }
        }
        if (draft.outcome != Outcome.APPROVE) {
            approvers = List.of();
            expiresAt = null;
        }
        List<String> reasons = new ArrayList<>(draft.matchLines);
        reasons.addAll(draft.notes);
        draft.checks.stream().sorted(Comparator.comparingInt(c -> GUARDRAIL_ORDER.indexOf(c.guardrail())))
                .forEach(check -> reasons.add(check.line()));
        List<GuardrailCheck> checks = draft.checks.stream()
                .sorted(Comparator.comparingInt(c -> GUARDRAIL_ORDER.indexOf(c.guardrail()))).toList();
        PolicyVerdict verdict = new PolicyVerdict(draft.outcome, draft.policy == null ? "" : draft.policy.name(),
                draft.rule == null ? "" : draft.rule.name(), reasons, approvers, expiresAt, draft.parameters);
        return new Decision(draft.finding, draft.action, verdict, checks, draft.trace);
    }

    static final List<String> GUARDRAIL_ORDER = List.of("protected-namespace", "opt-out", "change-freeze",
            "grace-period", "snapshot-before-delete", "downsize-limits", "blast-radius", "max-actions-per-hour",
            "approval");

    private static String ruleName(Policy policy, Rule rule) {
        return "policy '" + policy.name() + "' rule '" + rule.name() + "'";
    }

    static String fmt(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
