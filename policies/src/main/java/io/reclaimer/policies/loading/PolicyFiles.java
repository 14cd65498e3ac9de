package io.reclaimer.policies.loading;

import io.reclaimer.policies.evaluation.PolicySet;
import java.util.List;

/**
 * What a directory (or file) of policy files holds: the policy set, the test cases stored next to it, and
 * every problem found. {@code policySet} is null unless {@link #valid()}.
 */
public record PolicyFiles(PolicySet policySet, List<PolicyTestCase> tests, List<Diagnostic> diagnostics) {

    public PolicyFiles {
        tests = List.copyOf(tests);
        diagnostics = diagnostics.stream().sorted().toList();
    }

    public boolean valid() {
        return diagnostics.isEmpty();
    }

    /** The policy set, or a {@link PolicyLoadException} naming every problem. */
    public PolicySet policySetOrThrow() {
        if (!valid()) {
            throw new PolicyLoadException(diagnostics);
        }
        return policySet;
    }
}
