package io.reclaimer.policies.rules;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * One rule of a policy: which findings it selects and what it decides for them. {@code approvers} and
 * {@code approvalTtl} only matter for {@code approve}; empty/null fall back to the guardrails' approval
 * defaults.
 */
public record Rule(String name, SourceRef source, Match match, Outcome decision, List<String> approvers,
                   Duration approvalTtl, RuleParameters parameters) {

    public Rule {
        approvers = List.copyOf(approvers);
        parameters = parameters == null ? RuleParameters.NONE : parameters;
        match = match == null ? Match.ALL : match;
    }
}
