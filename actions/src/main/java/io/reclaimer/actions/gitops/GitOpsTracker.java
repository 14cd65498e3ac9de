package io.reclaimer.actions.gitops;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the changes proposed in Git, every tick: the cluster shows the proposed requests → EXECUTED (the
 * savings are realized from then on); the pull request was closed without merging → REJECTED; merged but not
 * synced yet → audited once, and followed until the sync. A failing look is retried on the next tick.
 */
public final class GitOpsTracker {

    private static final Logger LOG = LoggerFactory.getLogger(GitOpsTracker.class);

    private final ActionStore store;
    private final ActionExecutor live;
    private final ChangeRequests changes;
    private final ExecutionListener listener;
    private final Clock clock;
    private final Map<String, ChangeRequests.State> lastSeen = new ConcurrentHashMap<>();

    public GitOpsTracker(ActionStore store, ActionExecutor live, ChangeRequests changes, ExecutionListener listener,
                         Clock clock) {
        this.store = store;
        this.live = live;
        this.changes = changes;
        this.listener = listener;
        this.clock = clock;
    }

    /** Looks at every action proposed in Git once. */
    public void track() {
        for (ActionRecord record : store.ledger().inPhase(Phase.PROPOSED_IN_GIT)) {
            try {
                track(record);
            } catch (Exception e) {
                LOG.warn("cannot follow {} proposed in Git: {}; retried on the next tick", record.actionId(), e.toString());
            }
        }
    }

    private void track(ActionRecord record) throws Exception {
        ActionResult proposed = record.last(Status.PROPOSED_IN_GIT).orElseThrow();
        String url = proposed.newState().getOrDefault(GitOpsDownsizeExecutor.PULL_REQUEST_URL, "");
        Check check = live.check(record.request());
        if (check.state() == Check.State.DONE) {
            finish(record, new ActionResult(record.actionId(), Status.EXECUTED, "the cluster shows the proposed requests: "
                    + url + " was merged and synced", proposed.previousState(), proposed.newState(), clock.instant()),
                    "executed");
            return;
        }
        ChangeRequests.State state = changes.state(proposed.newState().get(GitOpsDownsizeExecutor.REPOSITORY),
                Integer.parseInt(proposed.newState().get(GitOpsDownsizeExecutor.PULL_REQUEST)));
        if (state == ChangeRequests.State.CLOSED) {
            finish(record, new ActionResult(record.actionId(), Status.REJECTED, url + " was closed without merging",
                    proposed.previousState(), Map.of(), clock.instant()), "rejected");
        } else if (state != lastSeen.put(record.actionId(), state) && state == ChangeRequests.State.MERGED) {
            store.write(JournalBatch.of(AuditEvents.of(clock.instant(), AuditEvents.SERVICE, "pull-request-merged",
                    record.actionId(), "merged", url + " was merged; waiting for the GitOps controller to sync the "
                            + "cluster (now: " + check.reason() + ")", details("pullRequest", url))));
        }
    }

    private void finish(ActionRecord record, ActionResult result, String outcome) {
        lastSeen.remove(record.actionId());
        // only if nothing else moved the action meanwhile (a rollback, another instance's tracker)
        boolean written = store.writeIf(record.actionId(), Phase.PROPOSED_IN_GIT::equals, JournalBatch.of(result,
                AuditEvents.of(result.at(), AuditEvents.SERVICE, outcome, record.actionId(), outcome, result.reason(),
                        details("type", record.request().type(), "target", record.request().target(),
                                "monthlyUsd", record.request().monthlyUsd()))));
        if (!written) {
            return;
        }
        try {
            listener.finished(store.ledger().get(record.actionId()).orElseThrow());
        } catch (RuntimeException e) {
            LOG.warn("listener failed after {} of {}: {}", result.status(), record.actionId(), e.toString());
        }
    }
}
