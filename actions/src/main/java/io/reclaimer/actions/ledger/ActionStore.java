package io.reclaimer.actions.ledger;

import io.reclaimer.actions.audit.AuditEvents;
import java.util.Optional;
import java.util.function.Predicate;

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

    /**
     * Writes {@code batch} only if the action is in a phase {@code when} accepts, deciding and writing under one
     * lock: two threads that both decide an action's next step (the executor starting it, an evaluation
     * withdrawing it) cannot both write.
     */
    public synchronized boolean writeIf(String actionId, Predicate<Phase> when, JournalBatch batch) {
        Optional<ActionRecord> record = ledger.get(actionId);
        if (record.isEmpty() || !when.test(record.get().phase())) {
            return false;
        }
        write(batch);
        return true;
    }

    public ActionLedger ledger() {
        return ledger;
    }
}
