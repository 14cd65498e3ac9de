package io.reclaimer.actions.execution;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import java.time.Instant;
import java.util.Map;

/** The one way a request ends as withdrawn: its result and its audit event, with the reason and the rule, together. */
public final class Withdrawals {

    public static final String AUDIT_ACTION = "withdrawn";

    /** A request whose finding was resolved: there is nothing left to reclaim. */
    public static final Permit RESOLVED = Permit.withdraw("its finding was resolved: there is nothing left to reclaim",
            "finding-resolved");

    private Withdrawals() {
    }

    /** Said of a request whose intent was written before a restart or a hold, then withdrawn. */
    public static final String AFTER_INTENT = " (its intent was written before a restart or a hold; nothing was changed since)";
    /** Said of a change the gate stopped right before its last, irreversible step. */
    public static final String MID_CHANGE = " (asked again before the last step of the change: what was done before "
            + "it, such as a snapshot, is kept)";

    public static JournalBatch batch(ActionRecord record, Permit permit, Map<String, String> previousState, Instant at,
                                     String actor) {
        return batch(record, permit, "", previousState, at, actor);
    }

    /** {@code note}: what was done before, appended to the reason ({@link #AFTER_INTENT}, {@link #MID_CHANGE}). */
    public static JournalBatch batch(ActionRecord record, Permit permit, String note, Map<String, String> previousState,
                                     Instant at, String actor) {
        if (!permit.withdrawn()) {
            throw new IllegalArgumentException("not a withdrawal: " + permit);
        }
        ActionRequest r = record.request();
        String reason = permit.reason() + note;
        return JournalBatch.of(new ActionResult(r.actionId(), ActionResult.Status.WITHDRAWN, reason, previousState,
                Map.of(), at), AuditEvents.of(at, actor, AUDIT_ACTION, r.actionId(), "withdrawn", reason,
                details("rule", permit.rule(), "policy", r.verdict().policy(), "type", r.type(), "finding",
                        r.findingId(), "target", r.target(), "monthlyUsd", r.monthlyUsd())));
    }
}
