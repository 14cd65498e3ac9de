package io.reclaimer.model.actions;

/** What an action does to its target. */
public enum ActionType {
    /** Lower container requests (and limits) of a workload. */
    DOWNSIZE,
    /** Scale a workload to zero outside an uptime window and back inside it. */
    SCHEDULE,
    /** Delete (or release) an orphaned resource. */
    DELETE,
    /** Tag or annotate a resource now so it can be acted on after a grace period (Custodian's mark-for-op). */
    MARK_FOR_OP
}
