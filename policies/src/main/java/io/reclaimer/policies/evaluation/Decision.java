package io.reclaimer.policies.evaluation;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.policies.rules.Outcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's answer for one finding: the {@link PolicyVerdict} to put verbatim into the action request,
 * the audit log and the Slack message; the {@code action} it governs ({@code MARK_FOR_OP} while a delete's
 * grace period has not started); what each guardrail did; and how every rule responded (for explain).
 */
public record Decision(Finding finding, ActionType action, PolicyVerdict verdict, List<GuardrailCheck> guardrails,
                       List<RuleTrace> trace) {

    public Decision {
        guardrails = List.copyOf(guardrails);
        trace = List.copyOf(trace);
    }

    /** Approve or auto: the caller is about to ask a human or act. */
    public boolean actionable() {
        return Outcomes.actionable(verdict.outcome());
    }

    public PolicyVerdict.Outcome outcome() {
        return verdict.outcome();
    }

    /** A multi-line, deterministic explanation: verdict, parameters, reasons, then every rule's response. */
    public String explain() {
        List<String> lines = new ArrayList<>();
        lines.add("finding " + finding.id() + " (" + finding.kind() + ", " + finding.resource() + ")");
        lines.add("decision: " + verdict.outcome().wireName() + " " + action.wireName()
                + (verdict.policy().isEmpty() ? "" : " by policy '" + verdict.policy() + "' rule '" + verdict.rule() + "'"));
        if (!verdict.approvers().isEmpty()) {
            lines.add("approvers: " + String.join(", ", verdict.approvers()) + " (request expires "
                    + verdict.expiresAt() + ")");
        }
        if (!verdict.parameters().isEmpty()) {
            lines.add("parameters:");
            for (Map.Entry<String, String> entry : verdict.parameters().entrySet()) {
                lines.add("  " + entry.getKey() + " = " + entry.getValue());
            }
        }
        lines.add("reasons:");
        verdict.reasons().forEach(reason -> lines.add("  - " + reason));
        if (!trace.isEmpty()) {
            lines.add("rules:");
            trace.forEach(rule -> lines.add("  - " + rule.line()));
        }
        return String.join(System.lineSeparator(), lines);
    }
}
