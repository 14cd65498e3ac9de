package io.reclaimer.actions.flow;

/**
 * What one look at the policy source found.
 *
 * @param status      unchanged, a valid new set now in force, or an invalid new set (the gate is unavailable)
 * @param fingerprint digest of the policy files read (empty when unchanged)
 * @param detail      the problems of an invalid set, each as {@code file:line:column: message}; what a reload
 *                    loaded otherwise
 */
public record PolicyRefresh(Status status, String fingerprint, String detail) {

    public enum Status { UNCHANGED, RELOADED, INVALID }

    public static final PolicyRefresh UNCHANGED = new PolicyRefresh(Status.UNCHANGED, "", "");

    public PolicyRefresh {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        fingerprint = fingerprint == null ? "" : fingerprint;
        detail = detail == null ? "" : detail;
    }

    public static PolicyRefresh reloaded(String fingerprint, String detail) {
        return new PolicyRefresh(Status.RELOADED, fingerprint, detail);
    }

    public static PolicyRefresh invalid(String fingerprint, String problems) {
        return new PolicyRefresh(Status.INVALID, fingerprint, problems);
    }
}
