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
     * Right before an approved or automatic action executes: a reason to hold it for now (an active change
     * freeze, the hourly cap), or empty to go ahead. Held actions are retried on the next tick.
     */
    default Optional<String> executionBlocker(GateContext context) {
        return Optional.empty();
    }

    /** A short description for logs and the start-up banner, e.g. the policy directory. */
    default String describe() {
        return getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName();
    }
}
