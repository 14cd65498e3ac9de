package io.reclaimer.actions.support;

import io.reclaimer.actions.ledger.Journal;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/** A journal in memory: what was committed, in order. {@link #failNext} makes the next commit fail. */
public final class InMemoryJournal implements Journal {

    private final List<JournalBatch> batches = new ArrayList<>();
    private RuntimeException failNext;

    @Override
    public synchronized void commit(JournalBatch batch) {
        if (failNext != null) {
            RuntimeException e = failNext;
            failNext = null;
            throw e;
        }
        batches.add(batch);
    }

    public synchronized void failNext(RuntimeException e) {
        failNext = e;
    }

    public synchronized List<JournalBatch> batches() {
        return List.copyOf(batches);
    }

    public synchronized List<ActionResult> results() {
        return batches.stream().flatMap(b -> b.results().stream()).toList();
    }

    public synchronized List<AuditEvent> audit() {
        return batches.stream().flatMap(b -> b.audit().stream()).toList();
    }

    @Override
    public void close() {
    }

    public static List<ActionResult.Status> statuses(List<ActionResult> results) {
        return new ArrayList<>(results.stream().map(ActionResult::status).toList());
    }
}
