package io.reclaimer.actions.revert;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.ActionType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices executed Kubernetes changes that were undone by someone else: requests back to what they were, a
 * deleted claim or volume re-created, a schedule's annotations removed. That is what a GitOps controller's sync
 * does to a live change (Argo CD self-heal, Flux drift correction), and what a person does who disagrees. The
 * action becomes REVERTED: audited, counted ({@code reclaimer_actions_total{outcome="reverted"}}), its savings
 * leave the realized total, and the flow never re-applies a change of that kind to that finding
 * ({@link Reverts#blocking}): fighting the controller would flap the workload for nothing.
 *
 * <p>"Undone" is the live executor's own rollback re-check answering DONE (the target is already in its previous
 * state). Each action is looked at no more often than {@link #EVERY}, so a fleet of executed actions costs a
 * bounded number of API reads per tick.
 */
public final class RevertWatch {

    /** How often one executed action is looked at. */
    public static final Duration EVERY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(RevertWatch.class);

    private final ActionStore store;
    private final ExecutorRegistry live;
    private final ExecutionListener listener;
    private final Clock clock;
    private final Map<String, Instant> lastLook = new ConcurrentHashMap<>();

    /** {@code live}: the executors that make live changes (not the GitOps wrapper, whose rollback is in Git). */
    public RevertWatch(ActionStore store, ExecutorRegistry live, ExecutionListener listener, Clock clock) {
        this.store = store;
        this.live = live;
        this.listener = listener;
        this.clock = clock;
    }

    /** Looks at the executed actions that are due. */
    public void watch() {
        Instant now = clock.instant();
        for (ActionRecord record : store.ledger().inPhase(Phase.EXECUTED)) {
            if (!watched(record.request())) {
                continue;
            }
            Instant last = lastLook.get(record.actionId());
            if (last != null && now.isBefore(last.plus(EVERY))) {
                continue;
            }
            lastLook.put(record.actionId(), now);
            try {
                look(record);
            } catch (Exception e) {
                LOG.debug("cannot look at {} for a revert: {}", record.actionId(), e.toString());
            }
        }
    }

    private static boolean watched(ActionRequest request) {
        // Kubernetes targets only: a deleted cloud volume or address cannot come back under the same identity
        return !request.cluster().isEmpty() && (request.type() == ActionType.DOWNSIZE
                || request.type() == ActionType.DELETE || request.type() == ActionType.SCHEDULE);
    }

    private void look(ActionRecord record) throws Exception {
        ActionRequest request = record.request();
        Optional<ActionExecutor> executor = live.find(request);
        ActionResult executed = record.last(Status.EXECUTED).orElseThrow();
        if (executor.isEmpty() || executed.newState().containsKey("pullRequestUrl") && request.type() != ActionType.DOWNSIZE) {
            return;
        }
        Check check = executor.get().checkRollback(request, executed);
        if (check.state() != Check.State.DONE) {
            return;
        }
        String reason = "undone outside Reclaimer: " + check.reason() + " (executed " + executed.at()
                + "); a GitOps sync or a person restored it, so it is not re-applied: make the change where the "
                + "target is defined (docs/gitops.md)";
        ActionResult reverted = new ActionResult(request.actionId(), Status.REVERTED, reason, executed.newState(),
                executed.previousState(), clock.instant());
        boolean written = store.writeIf(request.actionId(), Phase.EXECUTED::equals, JournalBatch.of(reverted,
                AuditEvents.of(reverted.at(), AuditEvents.SERVICE, "reverted", request.actionId(), "reverted", reason,
                        details("type", request.type(), "target", request.target(), "finding", request.findingId(),
                                "monthlyUsd", request.monthlyUsd()))));
        if (written) {
            lastLook.remove(request.actionId());
            LOG.warn("action {} on {} was reverted: {}", request.actionId(), request.target(), check.reason());
            try {
                listener.finished(store.ledger().get(request.actionId()).orElseThrow());
            } catch (RuntimeException e) {
                LOG.warn("listener failed after the revert of {}: {}", request.actionId(), e.toString());
            }
        }
    }
}
