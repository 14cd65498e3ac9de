package io.reclaimer.actions.execution;

/**
 * Thrown by {@link ActionExecutor#apply} when the world changed during a long change (the volume was
 * attached while its snapshot was taken) and the executor stopped before the destructive step: the action
 * is recorded as ABORTED with this reason, not FAILED.
 */
public class ActionAbortedException extends ActionFailedException {

    public ActionAbortedException(String message) {
        super(message);
    }
}
