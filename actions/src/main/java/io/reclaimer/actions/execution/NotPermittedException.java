package io.reclaimer.actions.execution;

/** Thrown through an executor's change when the gate, asked again mid-way, no longer lets it go on. */
public final class NotPermittedException extends Exception {

    private final Permit permit;

    public NotPermittedException(Permit permit) {
        super(permit.reason());
        this.permit = permit;
    }

    public Permit permit() {
        return permit;
    }
}
