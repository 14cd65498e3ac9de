package io.reclaimer.actions.ledger;

/** Where an action stands, derived from its request, decisions and results. */
public enum Phase {
    /** Recorded only: the verdict was dry-run. */
    DRY_RUN,
    /** Waiting for an approver in Slack. */
    PENDING_APPROVAL,
    /** Approved, not started yet. */
    APPROVED,
    /** The verdict was auto: ready to execute without asking. */
    AUTO,
    REJECTED,
    SNOOZED,
    EXPIRED,
    /** The intent is written, the result is not: on restart this is reconciled, never blindly repeated. */
    IN_FLIGHT,
    EXECUTED,
    ABORTED,
    FAILED,
    /**
     * Right before it would have run, the current policy, the finding, the target's opt-out or
     * {@code actions.dryRun} no longer allowed it: nothing was executed. Terminal (a request the policy allows
     * again is proposed anew after {@code actions.snoozeFor}).
     */
    WITHDRAWN,
    /** A GitOps-managed target: the change is a pull request, waiting to be merged and synced (docs/gitops.md). */
    PROPOSED_IN_GIT,
    /** The executed change was undone outside Reclaimer (a GitOps sync, a person); never re-applied. */
    REVERTED,
    ROLLBACK_IN_FLIGHT,
    ROLLED_BACK,
    ROLLBACK_FAILED;

    /** Waiting for the executor: approved or automatic, or interrupted mid-way. */
    public boolean executable() {
        return this == APPROVED || this == AUTO || this == IN_FLIGHT;
    }

    /** The change is in place and may be rolled back. */
    public boolean rollbackable() {
        return this == EXECUTED || this == ROLLBACK_FAILED || this == ROLLBACK_IN_FLIGHT;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
