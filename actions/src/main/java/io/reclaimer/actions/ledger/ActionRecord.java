package io.reclaimer.actions.ledger;

import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about one action: its latest request (re-evaluation may escalate a dry-run to an
 * approval under the same id), the decisions and results in the order they were written, and its Slack
 * message. Immutable; the ledger replaces it on every event.
 */
public record ActionRecord(ActionRequest request, List<ActionDecision> decisions, List<ActionResult> results,
                           SlackMessage message) {

    public ActionRecord {
        decisions = List.copyOf(decisions);
        results = List.copyOf(results);
    }

    static ActionRecord of(ActionRequest request) {
        return new ActionRecord(request, List.of(), List.of(), null);
    }

    public String actionId() {
        return request.actionId();
    }

    ActionRecord with(ActionRequest newer) {
        return new ActionRecord(newer, decisions, results, message);
    }

    ActionRecord with(ActionDecision decision) {
        List<ActionDecision> all = new ArrayList<>(decisions);
        all.add(decision);
        return new ActionRecord(request, all, results, message);
    }

    ActionRecord with(ActionResult result) {
        List<ActionResult> all = new ArrayList<>(results);
        all.add(result);
        return new ActionRecord(request, decisions, all, message);
    }

    ActionRecord with(SlackMessage newMessage) {
        return new ActionRecord(request, decisions, results, newMessage);
    }

    public Phase phase() {
        Optional<ActionResult> last = lastResult();
        // a withdrawal ends the request it was written for; a newer request under the same id starts afresh
        if (last.isPresent() && !withdrawnBefore(last.get())) {
            return switch (last.get().status()) {
                case STARTED -> Phase.IN_FLIGHT;
                case EXECUTED -> Phase.EXECUTED;
                case ABORTED -> Phase.ABORTED;
                case FAILED -> Phase.FAILED;
                case ROLLBACK_STARTED -> Phase.ROLLBACK_IN_FLIGHT;
                case ROLLED_BACK -> Phase.ROLLED_BACK;
                case ROLLBACK_FAILED -> Phase.ROLLBACK_FAILED;
                case WITHDRAWN -> Phase.WITHDRAWN;
                case PROPOSED_IN_GIT -> Phase.PROPOSED_IN_GIT;
                case REJECTED -> Phase.REJECTED;
                case REVERTED -> Phase.REVERTED;
            };
        }
        return switch (request.verdict().outcome()) {
            // a dry-run has no human decision, only the service's: superseded by a newer proposal, or moot
            case DENY, DRY_RUN -> currentDecision().filter(d -> d.outcome() == ActionDecision.Outcome.EXPIRED)
                    .map(d -> Phase.EXPIRED).orElse(Phase.DRY_RUN);
            case AUTO -> Phase.AUTO;
            case APPROVE -> currentDecision().map(d -> switch (d.outcome()) {
                case APPROVED -> Phase.APPROVED;
                case REJECTED -> Phase.REJECTED;
                case SNOOZED -> Phase.SNOOZED;
                case EXPIRED -> Phase.EXPIRED;
            }).orElse(Phase.PENDING_APPROVAL);
        };
    }

    private boolean withdrawnBefore(ActionResult result) {
        return result.status() == Status.WITHDRAWN && result.at().isBefore(request.createdAt());
    }

    /** When the current request was withdrawn, if it was. */
    public Optional<Instant> withdrawnAt() {
        return lastResult().filter(r -> r.status() == Status.WITHDRAWN && !withdrawnBefore(r)).map(ActionResult::at);
    }

    /** The latest decision taken on the current request (decisions on an earlier request do not count). */
    public Optional<ActionDecision> currentDecision() {
        for (int i = decisions.size() - 1; i >= 0; i--) {
            ActionDecision d = decisions.get(i);
            if (!d.decidedAt().isBefore(request.createdAt())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public Optional<ActionResult> lastResult() {
        return results.isEmpty() ? Optional.empty() : Optional.of(results.get(results.size() - 1));
    }

    /** The latest result with this status. */
    public Optional<ActionResult> last(Status status) {
        for (int i = results.size() - 1; i >= 0; i--) {
            if (results.get(i).status() == status) {
                return Optional.of(results.get(i));
            }
        }
        return Optional.empty();
    }

    /** Who approved the current request, if anyone did. */
    public Optional<String> approvedBy() {
        return currentDecision().filter(d -> d.outcome() == ActionDecision.Outcome.APPROVED).map(ActionDecision::actor);
    }

    /** An approval request that can no longer be approved. */
    public boolean expiredAt(Instant now) {
        Instant expiresAt = request.verdict().expiresAt();
        return request.verdict().outcome() == Outcome.APPROVE && expiresAt != null && !now.isBefore(expiresAt);
    }

    /** When the current request was last set aside (snoozed or expired), if it was. */
    public Optional<Instant> setAsideAt() {
        return currentDecision().filter(d -> d.outcome() == ActionDecision.Outcome.SNOOZED
                || d.outcome() == ActionDecision.Outcome.EXPIRED).map(ActionDecision::decidedAt);
    }
}
