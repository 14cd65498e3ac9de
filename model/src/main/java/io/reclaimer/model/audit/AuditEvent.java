package io.reclaimer.model.audit;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit log: who ({@code actor}: a service, a Slack user, the CLI) did what
 * ({@code action}: requested, approved, executed, refused...) to which {@code subject}, with what outcome,
 * and why ({@code message}, verbatim policy explanations included). Append-only.
 */
@JsonTypeName("audit/v1")
public record AuditEvent(String id, Instant at, String actor, String action, String subject, String outcome,
                         String message, Map<String, String> details) implements Event {

    public AuditEvent {
        Require.text(id, "id");
        Require.present(at, "at");
        Require.text(actor, "actor");
        Require.text(action, "action");
        Require.text(subject, "subject");
        outcome = outcome == null ? "" : outcome;
        message = message == null ? "" : message;
        details = Require.map(details, "details");
    }
}
