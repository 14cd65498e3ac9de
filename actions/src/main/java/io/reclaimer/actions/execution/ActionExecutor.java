package io.reclaimer.actions.execution;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.Map;

/**
 * Carries out one kind of action on one kind of target. The engine calls {@link #check} right before
 * {@link #apply}, writes the intent in between, and never calls {@code apply} without a fresh
 * {@code ORIGINAL} check (and a permit of the execution-time gate); implementations only need to make the
 * change and report what they did. {@code check} should report the target's labels, annotations or tags
 * ({@link Check#withFacts}) so the gate judges the policy on what the target says now.
 * {@code apply} should still be idempotent where the platform allows (reuse a snapshot already taken for the
 * same action id), because a crash can separate the change from its result.
 */
public interface ActionExecutor {

    boolean handles(ActionType type, FindingKind kind);

    Check check(ActionRequest request) throws Exception;

    /** Makes the change; returns the state it left the target in (recorded as the result's {@code newState}). */
    Map<String, String> apply(ActionRequest request, Check check) throws Exception;

    /**
     * Makes the change, asking {@code lastLook} again right before an irreversible step that comes long after
     * the re-check (the engine calls this one). Most changes are one call and need not override it.
     */
    default Map<String, String> apply(ActionRequest request, Check check, Confirmation lastLook) throws Exception {
        return apply(request, check);
    }

    /** Whether {@link #rollback} can undo this request's change. */
    default boolean reversible(ActionRequest request) {
        return false;
    }

    /** Re-check before a rollback: {@code ORIGINAL} = still as the execution left it. */
    default Check checkRollback(ActionRequest request, ActionResult executed) throws Exception {
        return Check.changed(request.type().wireName() + " of " + request.findingKind() + " cannot be rolled back");
    }

    /** Undoes the change; returns the state it restored. */
    default Map<String, String> rollback(ActionRequest request, ActionResult executed) throws Exception {
        throw new ActionFailedException(request.type().wireName() + " of " + request.findingKind()
                + " cannot be rolled back");
    }
}
