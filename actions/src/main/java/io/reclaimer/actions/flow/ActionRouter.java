package io.reclaimer.actions.flow;

import io.reclaimer.actions.ledger.ActionRecord;

/** Where a freshly written request goes: dry-runs are only recorded, approvals go to Slack, auto to execution. */
public interface ActionRouter {

    void approvalNeeded(ActionRecord record);

    void executable(ActionRecord record);

    /** A pending request was set aside (superseded, or its finding resolved) and its message needs updating. */
    void setAside(ActionRecord record);

    /** A finding was resolved: its executed mark, if any, should be removed. */
    void unmark(ActionRecord markRecord);
}
