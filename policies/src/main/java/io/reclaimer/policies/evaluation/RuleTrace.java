package io.reclaimer.policies.evaluation;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.policies.rules.Match;
import io.reclaimer.policies.rules.SourceRef;

/** How one rule responded to the finding; the full list is what {@code reclaimer policy explain} prints. */
public record RuleTrace(String policy, String rule, SourceRef source, Outcome decision, Match.Result.Status status,
                        String reason) {

    public String line() {
        String head = "policy '" + policy + "' rule '" + rule + "' (" + source + ", " + decision.wireName() + "): ";
        return switch (status) {
            case MATCHED -> head + "selects the finding";
            case NOT_MATCHED -> head + "does not select: " + reason;
            case ERROR -> head + reason;
        };
    }
}
