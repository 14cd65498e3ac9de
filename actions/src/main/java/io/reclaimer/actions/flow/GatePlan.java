package io.reclaimer.actions.flow;

import java.util.List;

/**
 * The gate's answer for a run. {@code stopped}: a run-level cap was exceeded and every decision was lowered
 * to at most dry-run; {@code alerts} say why, verbatim into the audit log.
 */
public record GatePlan(List<GateDecision> decisions, boolean stopped, List<String> alerts) {

    public GatePlan {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }
}
