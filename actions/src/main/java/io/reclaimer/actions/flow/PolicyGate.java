package io.reclaimer.actions.flow;

import io.reclaimer.model.findings.Finding;
import java.util.List;
import java.util.Optional;

/**
 * What the actions service asks before it proposes or executes anything. The actions module never
 * depends on the policy engine: {@code app} adapts the engine (module {@code policies}) to this interface.
 * An implementation must be deterministic for the same findings and context, and must fail closed (deny)
 * when it cannot decide.
 */
public interface PolicyGate {

    /**
     * Judges one cycle's findings together, so run-level caps (blast radius, hourly budget) apply across
     * them. Decisions come back in the order of {@code findings}, one per finding.
     */
    GatePlan plan(List<Finding> findings, GateContext context);

    /**
     * Judges one finding right before something is done about it (an execution, an approval click, a scheduled
     * sleep), on the finding as the caller knows it now, with the target's own labels, annotations and tags as
     * a re-check just read them. Unlike {@link #plan} it leaves out what only holds an action for a while (change
     * freezes, the hourly cap, the run's blast radius: {@link #executionBlocker} answers those), so a lower
     * outcome here means the policy no longer allows the action and it is withdrawn. The default plans a run of
     * one finding: a gate with time-boxed or run-level guardrails must override it.
     */
    default GateDecision judge(Finding finding, GateContext context) {
        GatePlan plan = plan(List.of(finding), context);
        if (plan.decisions().size() != 1) {
            throw new IllegalStateException("the policy gate answered " + plan.decisions().size() + " decisions for one finding");
        }
        return plan.decisions().get(0);
    }

    /**
     * Right before an approved or automatic action executes: a reason to hold it for now (an active change
     * freeze, the hourly cap), or empty to go ahead. Held actions are retried on the next tick.
     */
    default Optional<String> executionBlocker(GateContext context) {
        return Optional.empty();
    }

    /**
     * Reads the policy source again if it changed (called every {@code actions.policyReloadInterval}). A valid
     * new set replaces the old one at once, for every later judgement; an invalid one leaves the gate
     * {@linkplain #unavailable() unavailable} until a valid one is read. A gate without a source never changes.
     */
    default PolicyRefresh refresh() {
        return PolicyRefresh.UNCHANGED;
    }

    /**
     * Why the gate cannot judge now (the current policy source is invalid), or empty. While it is present every
     * judgement throws, so every side effect is held and planning waits: the gate fails closed.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * The policy set in force now, fixed: every question asked of the answer is judged by that one set, even
     * when a reload replaces it meanwhile. The execution-time gate asks all of one permit's questions of one.
     */
    default PolicyGate current() {
        return this;
    }

    /** Counts the policy sets this gate has judged with; a new number means every finding is judged again. */
    default long generation() {
        return 0;
    }

    /** A short description for logs and the start-up banner, e.g. the policy directory. */
    default String describe() {
        return getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName();
    }
}
