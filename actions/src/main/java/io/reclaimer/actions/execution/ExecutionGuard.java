package io.reclaimer.actions.execution;

import io.reclaimer.actions.ledger.ActionRecord;
import java.time.Instant;

/**
 * The execution-time gate every side effect passes through, asked by the engine, the approval desk, the
 * evaluation cycle and the schedules (docs/actions.md, "When is a change allowed"). The engine never acts
 * on a {@code HOLD} or {@code WITHDRAW}. Implemented by {@code permit.ExecutionGate} over the current findings,
 * the policy gate, {@code actions.dryRun} and the freezes and caps.
 */
public interface ExecutionGuard {

    /** Before the re-check of a first execution: no I/O (the findings feed, dry-run, freeze, cap). */
    Permit beforeCheck(ActionRecord record, Instant now);

    /** After an {@code ORIGINAL} re-check, right before the intent and the change: judged on the observed facts too. */
    Permit afterCheck(ActionRecord record, Check check, Instant now);

    /**
     * Whether the current policy still allows the request at all (no holds): asked when an approver clicks
     * Approve and on every evaluation of its finding, so a request the policy no longer allows is withdrawn
     * before anyone acts on it.
     */
    Permit standing(ActionRecord record, Instant now);

    /** Before a rollback by {@code actor} (a person's, or the service's automatic unmark). */
    Permit beforeRestore(ActionRecord record, String actor, Instant now);

    /** After the rollback's re-check, right before the restore. */
    Permit afterRestoreCheck(ActionRecord record, String actor, Check check, Instant now);

    /** A scheduled sleep of the schedule's namespace, judged on the namespace's observed labels and annotations. */
    Permit sleep(ActionRecord schedule, TargetFacts namespace, Instant now);

    /** A scheduled wake of the schedule's namespace. */
    Permit wake(ActionRecord schedule, TargetFacts namespace, Instant now);
}
