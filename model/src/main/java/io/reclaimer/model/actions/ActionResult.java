package io.reclaimer.model.actions;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.Map;

/**
 * What happened when an action ran. {@code STARTED} is the intent, written before the side effect so a
 * crash between the two is detected on restart instead of repeating the change; {@code ROLLBACK_STARTED}
 * is the same for a rollback. {@code WITHDRAWN} ends a request that the execution-time gate no longer
 * allowed. {@code previousState} is what rollback restores. Keyed by action id.
 */
@JsonTypeName("action-result/v1")
public record ActionResult(String actionId, Status status, String reason, Map<String, String> previousState,
                           Map<String, String> newState, Instant at) implements Event {

    public enum Status {
        STARTED, EXECUTED, ABORTED, FAILED, ROLLED_BACK, ROLLBACK_FAILED,
        /** The intent of a rollback, written before the rollback's side effect (added after v1's first users). */
        ROLLBACK_STARTED,
        /**
         * Terminal: right before it would have run, the request was no longer allowed (the current policy, the
         * finding resolved, the target opted out, {@code actions.dryRun}); nothing was executed. The reason names
         * the check and the rule (added after v1's first users).
         */
        WITHDRAWN,
        /**
         * The change of a GitOps-managed target was proposed as a pull request instead of being made live
         * ({@code newState} names it: {@code pullRequest}, {@code pullRequestUrl}, {@code repository}); EXECUTED
         * follows when the cluster shows it, REJECTED when the pull request is closed unmerged (added after v1's
         * first users).
         */
        PROPOSED_IN_GIT,
        /** Terminal: the pull request of a PROPOSED_IN_GIT change was closed without being merged. */
        REJECTED,
        /**
         * Terminal: an executed change was undone by someone else (a GitOps controller's sync, a person): the
         * target is back in its previous state. It is not re-applied.
         */
        REVERTED
    }

    public ActionResult {
        Require.text(actionId, "actionId");
        Require.present(status, "status");
        reason = reason == null ? "" : reason;
        previousState = Require.map(previousState, "previousState");
        newState = Require.map(newState, "newState");
        Require.present(at, "at");
    }
}
