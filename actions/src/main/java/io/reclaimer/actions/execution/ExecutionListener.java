package io.reclaimer.actions.execution;

import io.reclaimer.actions.ledger.ActionRecord;

/** Told after every result the engine wrote (Slack message update, metrics). Must not throw. */
@FunctionalInterface
public interface ExecutionListener {

    ExecutionListener NONE = record -> { };

    void finished(ActionRecord record);
}
