package io.reclaimer.actions.flow;

import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.model.findings.Finding;
import java.time.Instant;

/**
 * Whether a live request (pending approval, approved, automatic) is still allowed by the current policy on
 * its finding as just judged: each evaluation asks, so a request the policy no longer allows is withdrawn
 * at once instead of waiting for someone to click or for the executor. Implemented by the execution-time gate.
 */
@FunctionalInterface
public interface StandingCheck {

    Permit standing(ActionRecord record, Finding current, Instant now);
}
