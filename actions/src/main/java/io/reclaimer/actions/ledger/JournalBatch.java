package io.reclaimer.actions.ledger;

import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/** Events written together, atomically: all of them are durable, or none is. */
public record JournalBatch(List<ActionRequest> requests, List<ActionDecision> decisions, List<ActionResult> results,
                           List<AuditEvent> audit) {

    public JournalBatch {
        requests = List.copyOf(requests);
        decisions = List.copyOf(decisions);
        results = List.copyOf(results);
        audit = List.copyOf(audit);
    }

    public static JournalBatch of(ActionRequest request, AuditEvent audit) {
        return new JournalBatch(List.of(request), List.of(), List.of(), List.of(audit));
    }

    public static JournalBatch of(ActionDecision decision, AuditEvent audit) {
        return new JournalBatch(List.of(), List.of(decision), List.of(), List.of(audit));
    }

    public static JournalBatch of(ActionResult result, AuditEvent audit) {
        return new JournalBatch(List.of(), List.of(), List.of(result), List.of(audit));
    }

    public static JournalBatch of(AuditEvent audit) {
        return new JournalBatch(List.of(), List.of(), List.of(), List.of(audit));
    }

    public JournalBatch plus(AuditEvent more) {
        List<AuditEvent> all = new ArrayList<>(audit);
        all.add(more);
        return new JournalBatch(requests, decisions, results, all);
    }

    public boolean isEmpty() {
        return requests.isEmpty() && decisions.isEmpty() && results.isEmpty() && audit.isEmpty();
    }
}
