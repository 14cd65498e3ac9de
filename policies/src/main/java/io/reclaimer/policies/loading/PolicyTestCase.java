package io.reclaimer.policies.loading;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.policies.evaluation.EvaluationContext;
import java.util.List;
import java.util.Map;

/**
 * One case of a {@code kind: PolicyTest} document: findings in, expected decision out. A case with one
 * {@code finding} is judged with {@code PolicyEngine.evaluate}; a case with {@code findings} is a run,
 * judged with {@code PolicyEngine.planRun}. {@code location} is {@code file:line:column} of the case.
 */
public record PolicyTestCase(String suite, String name, String location, List<Finding> findings, boolean run,
                             EvaluationContext context, Expectation expect) {

    public PolicyTestCase {
        findings = List.copyOf(findings);
    }

    /**
     * What must hold; null / empty means "not checked". {@code parameters} must be present with these
     * values (others may exist); {@code reasons} and {@code alerts} are substrings that some reason / alert
     * must contain; {@code outcomes} are a run's outcomes in finding order.
     */
    public record Expectation(Outcome outcome, ActionType action, String policy, String rule,
                              Map<String, String> parameters, List<String> approvers, List<String> reasons,
                              Boolean stopped, List<String> alerts, List<Outcome> outcomes) {
        public Expectation {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
            approvers = approvers == null ? null : List.copyOf(approvers);
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            alerts = alerts == null ? List.of() : List.copyOf(alerts);
            outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        }
    }
}
