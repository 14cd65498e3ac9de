package io.reclaimer.actions.approval;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.approval.Approvers.SlackUser;
import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.Withdrawals;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.ledger.SlackMessage;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approvals: posts a request to Slack, turns clicks into decisions, and keeps the message in step with
 * what happened. Only the verdict's approvers may decide (or roll back); anyone else gets an ephemeral
 * refusal and the attempt is audited. An approval asks the execution-time gate first: a request the current
 * policy no longer allows is refused with the reason and withdrawn. A request past its {@code expiresAt} can no longer be approved: the
 * sweep (and any late click) records it as EXPIRED. Without Slack (no bot token) requests are logged with a
 * warning and nothing else happens: they simply expire.
 */
public final class ApprovalDesk implements ExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalDesk.class);

    public enum Click { APPROVE, REJECT, SNOOZE, ROLLBACK }

    /** One button click, as Slack reported it (signature already verified). */
    public record Interaction(Click click, String actionId, SlackUser user, String channel) {
    }

    private final ActionStore store;
    private final ExecutionEngine engine;
    private final SlackGateway slack;
    private final ActionMetrics metrics;
    private final Clock clock;
    private final Duration snoozeFor;

    /** {@code slack} null: Slack is not configured, approvals are logged only. */
    public ApprovalDesk(ActionStore store, ExecutionEngine engine, SlackGateway slack, ActionMetrics metrics, Clock clock,
                        Duration snoozeFor) {
        this.store = store;
        this.engine = engine;
        this.slack = slack;
        this.metrics = metrics;
        this.clock = clock;
        this.snoozeFor = snoozeFor;
    }

    public boolean slackEnabled() {
        return slack != null;
    }

    /** Asks the approvers: a Block Kit message in the channel, or a log line when Slack is not configured. */
    public void request(ActionRecord record) {
        ActionRequest r = record.request();
        Instant now = clock.instant();
        if (slack == null) {
            LOG.warn("approval needed for {} ({} {}, {}/month, approvers {}): Slack is not configured (set {}), "
                            + "so it cannot be approved and will expire at {}", r.actionId(), r.type(), r.target(),
                    ApprovalMessages.usd(r.monthlyUsd()), r.verdict().approvers(), SlackSecrets.TOKEN_ENV,
                    r.verdict().expiresAt());
            store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "approval-requested", r.actionId(),
                    "slack-skipped", "Slack is not configured: the request is only logged",
                    details("approvers", String.join(",", r.verdict().approvers())))));
            return;
        }
        Optional<SlackMessage> posted = slack.post(ApprovalMessages.text(record), ApprovalMessages.blocks(record,
                engine.executors().reversible(r)));
        if (posted.isEmpty()) {
            store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "approval-requested", r.actionId(),
                    "slack-failed", "the Slack message could not be posted (see the log); the request stays pending")));
            return;
        }
        store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, ActionLedger.SLACK_MESSAGE_POSTED,
                r.actionId(), "posted", "approval request posted to Slack", details("channel", posted.get().channel(),
                        "ts", posted.get().ts())))
                .plus(AuditEvents.of(now, AuditEvents.SERVICE, "approval-requested", r.actionId(), "posted",
                        "approvers: " + String.join(", ", r.verdict().approvers()))));
    }

    /**
     * Handles a click; refusals and stale clicks answer the user with an ephemeral message. Serialized, so
     * a double click records one decision.
     */
    public synchronized void handle(Interaction interaction) {
        Optional<ActionRecord> found = store.ledger().get(interaction.actionId());
        if (found.isEmpty()) {
            reply(interaction, "Reclaimer does not know action " + interaction.actionId() + ".");
            metrics.interaction("stale");
            return;
        }
        ActionRecord record = found.get();
        ActionRequest request = record.request();
        Instant now = clock.instant();
        String actor = "slack:" + interaction.user().id();
        SlackUser user = slack == null ? interaction.user() : new SlackUser(interaction.user().id(),
                interaction.user().name(), slack.groupsOf(interaction.user().id()));
        if (!Approvers.allowed(request.verdict().approvers(), user)) {
            store.write(JournalBatch.of(AuditEvents.of(now, actor, "approval-refused", request.actionId(), "refused",
                    "<@" + user.id() + "> (" + user.name() + ") tried to " + interaction.click().name().toLowerCase()
                            + " but is not an approver", details("click", interaction.click(), "user", user.id(),
                            "approvers", String.join(",", request.verdict().approvers())))));
            reply(interaction, "You are not an approver of this action. Approvers: "
                    + String.join(", ", request.verdict().approvers()) + ".");
            metrics.interaction("refused");
            return;
        }
        if (interaction.click() == Click.ROLLBACK) {
            rollback(interaction, record, actor);
            return;
        }
        if (record.phase() != Phase.PENDING_APPROVAL) {
            reply(interaction, "This request is already " + record.phase().wireName() + ".");
            metrics.interaction("stale");
            return;
        }
        if (record.expiredAt(now)) {
            expire(record, now);
            reply(interaction, "This request expired at " + request.verdict().expiresAt() + ".");
            metrics.interaction("stale");
            return;
        }
        if (interaction.click() == Click.APPROVE && !stillAllowed(interaction, record, actor, now)) {
            return;
        }
        ActionDecision.Outcome outcome = switch (interaction.click()) {
            case APPROVE -> ActionDecision.Outcome.APPROVED;
            case REJECT -> ActionDecision.Outcome.REJECTED;
            default -> ActionDecision.Outcome.SNOOZED;
        };
        String comment = outcome == ActionDecision.Outcome.SNOOZED ? "asked again after " + now.plus(snoozeFor) : "";
        store.write(JournalBatch.of(new ActionDecision(request.actionId(), outcome, actor, now, comment),
                AuditEvents.of(now, actor, outcome.name().toLowerCase(), request.actionId(), outcome.name().toLowerCase(),
                        "<@" + user.id() + "> (" + user.name() + ") " + outcome.name().toLowerCase() + " "
                                + request.type().wireName() + " of " + request.target(),
                        details("user", user.id(), "channel", interaction.channel()))));
        metrics.interaction("accepted");
        metrics.action(request, outcome.name().toLowerCase());
        refresh(request.actionId());
        if (outcome == ActionDecision.Outcome.APPROVED) {
            engine.submit(request.actionId());
        }
    }

    /**
     * An approval asks the policy again: a request the current policy no longer allows (denied, dry-run, opted
     * out, protected, finding resolved) is refused with the reason, ephemeral and in the message, and withdrawn.
     */
    private boolean stillAllowed(Interaction interaction, ActionRecord record, String actor, Instant now) {
        Permit permit = engine.guard().standing(record, now);
        if (permit.proceeds()) {
            return true;
        }
        if (permit.held()) {
            reply(interaction, "Cannot approve yet: " + permit.reason() + ". Try again in a minute.");
            metrics.interaction("stale");
            return false;
        }
        store.writeIf(record.actionId(), p -> p == Phase.PENDING_APPROVAL, Withdrawals.batch(record, permit, Map.of(),
                now, AuditEvents.SERVICE).plus(AuditEvents.of(now, actor, "approval-refused", record.actionId(),
                "withdrawn", "<@" + interaction.user().id() + "> tried to approve, but the policy no longer allows it: "
                        + permit.reason(), details("click", interaction.click(), "user", interaction.user().id(),
                        "rule", permit.rule()))));
        reply(interaction, "Not approved: the policy no longer allows this change (" + permit.reason() + "; "
                + permit.rule() + "). The request is withdrawn.");
        metrics.interaction("refused");
        metrics.action(record.request(), "withdrawn");
        refresh(record.actionId());
        return false;
    }

    private void rollback(Interaction interaction, ActionRecord record, String actor) {
        if (!record.phase().rollbackable()) {
            reply(interaction, "Nothing to roll back: the action is " + record.phase().wireName() + ".");
            metrics.interaction("stale");
            return;
        }
        store.write(JournalBatch.of(AuditEvents.of(clock.instant(), actor, "rollback-requested", record.actionId(),
                "requested", "<@" + interaction.user().id() + "> asked for a rollback")));
        metrics.interaction("accepted");
        engine.submitRollback(record.actionId(), actor);
    }

    /** Records every pending request past its expiry as EXPIRED and updates its message. */
    public void expireDue() {
        Instant now = clock.instant();
        for (ActionRecord record : store.ledger().inPhase(Phase.PENDING_APPROVAL)) {
            if (record.expiredAt(now)) {
                expire(record, now);
            }
        }
    }

    private void expire(ActionRecord record, Instant now) {
        ActionRequest r = record.request();
        store.write(JournalBatch.of(new ActionDecision(r.actionId(), ActionDecision.Outcome.EXPIRED, AuditEvents.SERVICE,
                now, "nobody decided before " + r.verdict().expiresAt()), AuditEvents.of(now, AuditEvents.SERVICE,
                "expired", r.actionId(), "expired", "the approval request expired at " + r.verdict().expiresAt())));
        metrics.action(r, "expired");
        refresh(r.actionId());
    }

    /** Brings the action's Slack message up to date with its record. */
    public void refresh(String actionId) {
        if (slack == null) {
            return;
        }
        store.ledger().get(actionId).ifPresent(record -> {
            if (record.message() != null) {
                slack.update(record.message(), ApprovalMessages.text(record),
                        ApprovalMessages.blocks(record, engine.executors().reversible(record.request())));
            }
        });
    }

    @Override
    public void finished(ActionRecord record) {
        refresh(record.actionId());
    }

    private void reply(Interaction interaction, String text) {
        if (slack != null && interaction.channel() != null) {
            slack.ephemeral(interaction.channel(), interaction.user().id(), text);
        }
    }
}
