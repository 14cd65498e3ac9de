package io.reclaimer.actions.flow;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.findings.Finding;

/**
 * The gate's answer for one finding: which action it would take ({@code MARK_FOR_OP} while a delete waits
 * for its grace period) and the verdict that governs it, reasons verbatim.
 */
public record GateDecision(Finding finding, ActionType action, PolicyVerdict verdict) {

    public GateDecision {
        if (finding == null || action == null || verdict == null) {
            throw new IllegalArgumentException("finding, action and verdict are required");
        }
    }
}
