package io.reclaimer.actions.execution;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine writes: results with their audit events, withdrawals, holds (audited once per reason, so
 * a freeze of a week does not write an event per tick), and the listener told afterwards.
 */
final class Recorder {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final ActionStore store;
    private final ExecutionListener listener;
    private final Clock clock;
    private final Map<String, String> lastHold = new ConcurrentHashMap<>();

    Recorder(ActionStore store, ExecutionListener listener, Clock clock) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
    }

    ActionResult result(ActionRequest request, Status status, String reason, Map<String, String> previous,
                        Map<String, String> next) {
        return new ActionResult(request.actionId(), status, reason, previous, next, clock.instant());
    }

    ActionRecord finish(ActionResult result, String outcome) {
        return finish(result, outcome, AuditEvents.SERVICE);
    }

    ActionRecord finish(ActionResult result, String outcome, String actor) {
        ActionRequest request = store.ledger().get(result.actionId()).orElseThrow().request();
        store.write(JournalBatch.of(result, AuditEvents.of(result.at(), actor, result.status().name().toLowerCase()
                        .replace('_', '-'), result.actionId(), outcome, result.reason(),
                details("type", request.type(), "target", request.target(), "monthlyUsd", request.monthlyUsd()))));
        return told(store.ledger().get(result.actionId()).orElseThrow());
    }

    /** A hold is audited once per reason and retried later; a withdrawal ends the request. */
    ActionRecord notPermitted(ActionRecord record, Permit permit, String note, Map<String, String> previous,
                              String heldAction) {
        String actionId = record.actionId();
        if (permit.withdrawn()) {
            lastHold.remove(actionId);
            if (store.writeIf(actionId, record.phase()::equals, Withdrawals.batch(record, permit, note, previous,
                    clock.instant(), AuditEvents.SERVICE))) {
                return told(store.ledger().get(actionId).orElseThrow());
            }
            return store.ledger().get(actionId).orElseThrow();
        }
        if (!permit.reason().equals(lastHold.put(actionId, permit.reason()))) {
            store.write(JournalBatch.of(AuditEvents.of(clock.instant(), AuditEvents.SERVICE, heldAction, actionId,
                    "held", permit.reason() + "; retried on the next tick", details("rule", permit.rule()))));
        }
        return store.ledger().get(actionId).orElseThrow();
    }

    void clearHold(String actionId) {
        lastHold.remove(actionId);
    }

    /** Tells the listener (Slack message, metrics) about the result just written. */
    private ActionRecord told(ActionRecord record) {
        try {
            listener.finished(record);
        } catch (RuntimeException e) {
            LOG.warn("listener failed after {} of {}: {}", record.phase(), record.actionId(), e.toString());
        }
        return record;
    }
}
