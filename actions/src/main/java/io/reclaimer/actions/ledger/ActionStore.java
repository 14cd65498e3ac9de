package io.reclaimer.actions.ledger;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.model.audit.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Audits the records the ledger refused to believe (nobody but this service could have written them): they are
     * never acted on, and at every start they are read and audited again, so a forgery stays visible whatever it
     * claimed.
     */
    public void auditRefused(List<LedgerLoader.Refused> refused, Instant now) {
        List<AuditEvent> events = new ArrayList<>();
        for (LedgerLoader.Refused r : refused) {
            events.add(AuditEvents.of(now, AuditEvents.SERVICE, "record-refused",
                    r.key().isEmpty() ? r.topic() + "-" + r.partition() + "@" + r.offset() : r.key(), "refused",
                    r.reason(), details("topic", r.topic(), "partition", r.partition(), "offset", r.offset())));
            if (events.size() == 500) {
                write(new JournalBatch(List.of(), List.of(), List.of(), events));
                events.clear();
            }
        }
        if (!events.isEmpty()) {
            write(new JournalBatch(List.of(), List.of(), List.of(), events));
        }
    }

    public ActionLedger ledger() {
        return ledger;
    }
}
