package io.reclaimer.actions.execution;

/**
 * A failure that retrying cannot fix (no client for the cluster, an invalid request): the action is
 * recorded as FAILED at once. Any other exception from a re-check is treated as transient and retried.
 */
public class ActionFailedException extends Exception {

    public ActionFailedException(String message) {
        super(message);
    }

    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
