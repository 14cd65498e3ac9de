package io.reclaimer.actions.ledger;

import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.audit.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * Per-action state, in memory, rebuilt from the action topics at start-up (Kafka is the source of truth)
 * and kept current by applying every batch after the journal made it durable. Thread-safe.
 */
public final class ActionLedger {

    /** The audit action under which a Slack message reference is journaled. */
    public static final String SLACK_MESSAGE_POSTED = "slack-message-posted";

    private final Map<String, ActionRecord> records = new LinkedHashMap<>();
    private final Map<String, SlackMessage> orphanMessages = new LinkedHashMap<>();

    public synchronized void apply(JournalBatch batch) {
        batch.requests().forEach(this::apply);
        batch.decisions().forEach(this::apply);
        batch.results().forEach(this::apply);
        batch.audit().forEach(this::apply);
    }

    public synchronized void apply(ActionRequest request) {
        ActionRecord existing = records.get(request.actionId());
        ActionRecord updated = existing == null ? ActionRecord.of(request) : existing.with(request);
        SlackMessage early = orphanMessages.remove(request.actionId());
        records.put(request.actionId(), early != null && updated.message() == null ? updated.with(early) : updated);
    }

    public synchronized void apply(ActionDecision decision) {
        records.computeIfPresent(decision.actionId(), (id, r) -> r.with(decision));
    }

    public synchronized void apply(ActionResult result) {
        records.computeIfPresent(result.actionId(), (id, r) -> r.with(result));
    }

    public synchronized void apply(AuditEvent event) {
        if (!SLACK_MESSAGE_POSTED.equals(event.action())) {
            return;
        }
        String channel = event.details().get("channel");
        String ts = event.details().get("ts");
        if (channel == null || ts == null) {
            return;
        }
        SlackMessage message = new SlackMessage(channel, ts);
        ActionRecord record = records.get(event.subject());
        if (record == null) {
            orphanMessages.put(event.subject(), message);
        } else {
            records.put(event.subject(), record.with(message));
        }
    }

    public synchronized Optional<ActionRecord> get(String actionId) {
        return Optional.ofNullable(records.get(actionId));
    }

    public synchronized List<ActionRecord> all() {
        return new ArrayList<>(records.values());
    }

    public synchronized List<ActionRecord> inPhase(Phase phase) {
        return records.values().stream().filter(r -> r.phase() == phase).toList();
    }

    public synchronized int size() {
        return records.size();
    }

    /**
     * Whether a freshly planned request should be written: never for an action that is already decided,
     * executed or in flight (that is the de-duplication of re-evaluations), but yes when the policy now
     * allows more than the recorded dry-run, when a snoozed, expired or withdrawn request is due again, or when a
     * set-aside dry-run is proposed again (a recommendation that drifted back: no human decided anything).
     */
    public synchronized boolean wants(ActionRequest planned, Instant now, Duration snoozeFor) {
        ActionRecord existing = records.get(planned.actionId());
        if (existing == null) {
            return true;
        }
        Outcome outcome = planned.verdict().outcome();
        boolean acting = acts(outcome);
        return switch (existing.phase()) {
            case DRY_RUN -> acting;
            case PENDING_APPROVAL -> outcome == Outcome.AUTO;
            case SNOOZED, EXPIRED -> !acts(existing.request().verdict().outcome())
                    || acting && existing.setAsideAt().map(at -> !now.isBefore(at.plus(snoozeFor))).orElse(true);
            // withdrawn at the moment of acting: asked again only once the policy allows it and a snooze has passed,
            // so a target whose tags the findings feed has not caught up with is not proposed every cycle
            case WITHDRAWN -> acting && existing.withdrawnAt().map(at -> !now.isBefore(at.plus(snoozeFor))).orElse(true);
            default -> false;
        };
    }

    private static boolean acts(Outcome outcome) {
        return outcome == Outcome.APPROVE || outcome == Outcome.AUTO;
    }

    /** Approve and auto requests written since {@code since}: the gate's hourly budget. */
    public synchronized int grantedSince(Instant since) {
        int count = 0;
        for (ActionRecord r : records.values()) {
            Outcome o = r.request().verdict().outcome();
            if ((o == Outcome.APPROVE || o == Outcome.AUTO) && !r.request().createdAt().isBefore(since)) {
                count++;
            }
        }
        return count;
    }

    /** Executions started since {@code since}. */
    public synchronized int startedSince(Instant since) {
        int count = 0;
        for (ActionRecord r : records.values()) {
            for (ActionResult result : r.results()) {
                if (result.status() == ActionResult.Status.STARTED && !result.at().isBefore(since)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Monthly USD taken back by executed actions that were not rolled back, by action type. */
    public synchronized Map<ActionType, Map<String, Double>> realizedMonthlyUsd() {
        Map<ActionType, Map<String, Double>> totals = new EnumMap<>(ActionType.class);
        for (ActionRecord r : records.values()) {
            Phase phase = r.phase();
            if (phase == Phase.EXECUTED || phase == Phase.ROLLBACK_FAILED || phase == Phase.ROLLBACK_IN_FLIGHT) {
                String cluster = r.request().cluster() == null ? "" : r.request().cluster();
                totals.computeIfAbsent(r.request().type(), t -> new TreeMap<>())
                        .merge(cluster, r.request().monthlyUsd(), Double::sum);
            }
        }
        return totals;
    }

    /** Actions of one finding, in the order they were first requested. */
    public synchronized List<ActionRecord> forFinding(String findingId) {
        return records.values().stream().filter(r -> r.request().findingId().equals(findingId)).toList();
    }
}
