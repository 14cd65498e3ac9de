package io.reclaimer.model.actions;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;

/** A human's (or the clock's) answer to an action that needed approval. Keyed by action id. */
@JsonTypeName("action-decision/v1")
public record ActionDecision(String actionId, Outcome outcome, String actor, Instant decidedAt, String comment)
        implements Event {

    public enum Outcome { APPROVED, REJECTED, SNOOZED, EXPIRED }

    public ActionDecision {
        Require.text(actionId, "actionId");
        Require.present(outcome, "outcome");
        Require.text(actor, "actor");
        Require.present(decidedAt, "decidedAt");
        comment = comment == null ? "" : comment;
    }
}
