package io.reclaimer.actions.ledger;

import io.reclaimer.actions.audit.AuditEvents;

/**
 * The journal and the ledger together: a batch is applied to the ledger only after the journal made it
 * durable, so what the service believes never runs ahead of what a restart would rebuild.
 */
public final class ActionStore {

    private final Journal journal;
    private final ActionLedger ledger;

    public ActionStore(Journal journal, ActionLedger ledger) {
        this.journal = journal;
        this.ledger = ledger;
    }

    public synchronized void write(JournalBatch batch) {
        journal.commit(batch);
        ledger.apply(batch);
        batch.audit().forEach(AuditEvents::log);
    }

    public ActionLedger ledger() {
        return ledger;
    }
}
