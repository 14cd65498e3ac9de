package io.reclaimer.actions.audit;

import io.reclaimer.model.audit.AuditEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Audit events of the actions service and their structured log line. Every event goes to the audit topic
 * (through the journal, in the same transaction as the state change it explains) and, once durable, to
 * the log as {@code audit action=... subject=... outcome=... actor=... message="..."} with the same fields
 * as SLF4J key-value pairs for JSON encoders.
 */
public final class AuditEvents {

    /** The actor of everything the service decides by itself. */
    public static final String SERVICE = "reclaimer-actions";

    /** Actors that are people: an approver in Slack or someone at the command line. */
    private static final String[] PEOPLE = {"slack:", "cli:"};

    private static final Logger AUDIT = LoggerFactory.getLogger("io.reclaimer.actions.audit");

    private AuditEvents() {
    }

    public static AuditEvent of(Instant at, String actor, String action, String subject, String outcome, String message,
                                Map<String, String> details) {
        return new AuditEvent(UUID.randomUUID().toString(), at, actor, action, subject, outcome, message,
                details == null ? Map.of() : details);
    }

    public static AuditEvent of(Instant at, String actor, String action, String subject, String outcome, String message) {
        return of(at, actor, action, subject, outcome, message, Map.of());
    }

    /** Whether {@code actor} is a person ({@code slack:U0123}, {@code cli:alice}) rather than the service. */
    public static boolean isPerson(String actor) {
        for (String prefix : PEOPLE) {
            if (actor != null && actor.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Details built from alternating keys and values; null values are left out. */
    public static Map<String, String> details(Object... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put(String.valueOf(pairs[i]), String.valueOf(pairs[i + 1]));
            }
        }
        return map;
    }

    public static void log(AuditEvent event) {
        LoggingEventBuilder line = AUDIT.atInfo()
                .addKeyValue("audit.action", event.action())
                .addKeyValue("audit.subject", event.subject())
                .addKeyValue("audit.outcome", event.outcome())
                .addKeyValue("audit.actor", event.actor());
        event.details().forEach((k, v) -> line.addKeyValue("audit.details." + k, v));
        line.log("audit action={} subject={} outcome={} actor={} message=\"{}\"", event.action(), event.subject(),
                event.outcome(), event.actor(), event.message().replace("\"", "'"));
    }
}
