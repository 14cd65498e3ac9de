package io.reclaimer.policies.evaluation;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.policies.evaluation.GuardrailCheck.Status;
import io.reclaimer.policies.rules.Outcomes;
import io.reclaimer.policies.rules.Policy;
import io.reclaimer.policies.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A decision under construction; only the engine sees it. */
final class Draft {
    final Finding finding;
    ActionType action;
    Outcome outcome;
    Rule rule;
    Policy policy;
    final TreeMap<String, String> parameters = new TreeMap<>();
    final List<String> matchLines = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<GuardrailCheck> checks = new ArrayList<>();
    final List<RuleTrace> trace = new ArrayList<>();

    Draft(Finding finding, ActionType action) {
        this.finding = finding;
        this.action = action;
    }

    /** A guardrail lowers the outcome to at most {@code cap}; it never raises it. */
    void cap(Outcome cap, String guardrail, String message) {
        outcome = Outcomes.atMost(outcome, cap);
        checks.add(new GuardrailCheck(guardrail, Status.BLOCKED, message));
    }

    void check(String guardrail, Status status, String message) {
        checks.add(new GuardrailCheck(guardrail, status, message));
    }
}
