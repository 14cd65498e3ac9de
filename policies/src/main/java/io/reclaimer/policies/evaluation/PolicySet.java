package io.reclaimer.policies.evaluation;

import io.reclaimer.policies.guardrails.Guardrails;
import io.reclaimer.policies.rules.Policy;
import java.util.List;

/**
 * Everything the engine decides with: the policies in evaluation order (file path, then document order
 * within a file) and the guardrails. Immutable; build one with {@code PolicyLoader} or directly in tests.
 */
public record PolicySet(List<Policy> policies, Guardrails guardrails) {

    public PolicySet {
        policies = List.copyOf(policies);
        guardrails = guardrails == null ? Guardrails.defaults() : guardrails;
    }

    public static PolicySet of(Guardrails guardrails, Policy... policies) {
        return new PolicySet(List.of(policies), guardrails);
    }
}
