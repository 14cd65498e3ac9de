package io.reclaimer.model.actions;

import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The policy engine's decision for one finding, with its explanation: which policy and rule matched, which
 * guardrails held, in words that go verbatim into the audit log and the Slack message. {@code approvers}
 * and {@code expiresAt} apply to {@link Outcome#APPROVE}; {@code parameters} tune the action (downsize to
 * target or upper bound, schedule window, snapshot before delete, grace period...).
 */
public record PolicyVerdict(Outcome outcome, String policy, String rule, List<String> reasons, List<String> approvers,
                            Instant expiresAt, Map<String, String> parameters) {

    /** Events carry the constant's name; policy files, audit and metrics the {@link #wireName()}. */
    public enum Outcome {
        DENY, DRY_RUN, APPROVE, AUTO;

        private final String wireName = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        /** {@code deny}, {@code dry-run}, {@code approve}, {@code auto}. */
        public String wireName() {
            return wireName;
        }
    }

    public PolicyVerdict {
        Require.present(outcome, "verdict.outcome");
        policy = policy == null ? "" : policy;
        rule = rule == null ? "" : rule;
        reasons = Require.list(reasons, "verdict.reasons");
        approvers = Require.list(approvers, "verdict.approvers");
        parameters = Require.map(parameters, "verdict.parameters");
    }
}
