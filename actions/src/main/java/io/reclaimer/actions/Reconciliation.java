package io.reclaimer.actions;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.approval.ApprovalDesk;
import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.flow.PolicyRefresh;
import io.reclaimer.actions.gitops.GitOpsTracker;
import io.reclaimer.actions.kubernetes.ScheduleTicks;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.Journal;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.permit.FindingBoard;
import io.reclaimer.actions.permit.FindingState;
import io.reclaimer.actions.revert.RevertWatch;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's periodic work, on one daemon thread: approvals that expire, deferred executions, unmarks of resolved
 * findings, the sleep/wake schedules, GitOps change requests, reverts seen on the targets; and, on its own interval,
 * the policy set read again, every reload audited. A fenced journal (another instance took over) or a failing tick
 * is what {@link #problem()} reports.
 */
final class Reconciliation implements AutoCloseable {

    static final String UNMARK_ACTOR = AuditEvents.SERVICE + " (finding resolved)";
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final ActionStore store;
    private final ExecutionEngine engine;
    private final ApprovalDesk desk;
    private final FindingBoard board;
    private final ScheduleTicks scheduleTicks;
    private final GitOpsTracker gitopsTracker;
    private final RevertWatch revertWatch;
    private final PolicyGate policies;
    private final ActionMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reclaimer-actions-tick");
        t.setDaemon(true);
        return t;
    });
    private volatile String problem = "";

    /** {@code scheduleTicks} and {@code gitopsTracker} null: no clusters, no change requests. */
    Reconciliation(ActionStore store, ExecutionEngine engine, ApprovalDesk desk, FindingBoard board,
                   ScheduleTicks scheduleTicks, GitOpsTracker gitopsTracker, RevertWatch revertWatch, PolicyGate policies,
                   ActionMetrics metrics, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.desk = desk;
        this.board = board;
        this.scheduleTicks = scheduleTicks;
        this.gitopsTracker = gitopsTracker;
        this.revertWatch = revertWatch;
        this.policies = policies;
        this.metrics = metrics;
        this.clock = clock;
    }

    void start(Duration tickInterval, Duration policyReloadInterval) {
        long tick = tickInterval.toMillis();
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        long reload = policyReloadInterval.toMillis();
        ticker.scheduleWithFixedDelay(this::reloadPolicies, reload, reload, TimeUnit.MILLISECONDS);
    }

    /** Healthy when empty. */
    String problem() {
        return problem;
    }

    /** Expiries, deferred executions, unmarks of resolved findings (held ones again) and sleep/wake schedules. */
    private void tick() {
        try {
            desk.expireDue();
            engine.submitDue();
            unmarkResolved();
            if (scheduleTicks != null) {
                scheduleTicks.tick();
            }
            if (gitopsTracker != null) {
                gitopsTracker.track();
            }
            revertWatch.watch();
            problem = "";
        } catch (Journal.FencedException e) {
            problem = e.getMessage();
            LOG.error(problem);
        } catch (RuntimeException e) {
            problem = "tick failed: " + e.getMessage();
            LOG.error(problem, e);
        }
    }

    /**
     * A mark whose finding is resolved (and whose delete did not run) is removed; offered on every tick, so an
     * unmark the gate held (dry-run, freeze, opt-out) happens once it may.
     */
    private void unmarkResolved() {
        for (ActionRecord record : store.ledger().all()) {
            ActionRequest request = record.request();
            if (request.type() == ActionType.MARK_FOR_OP && record.phase() == Phase.EXECUTED
                    && board.state(request.findingId()) instanceof FindingState.Resolved
                    && store.ledger().forFinding(request.findingId()).stream().noneMatch(r -> r.request().type()
                    == ActionType.DELETE && (r.phase() == Phase.EXECUTED || r.phase() == Phase.IN_FLIGHT))) {
                engine.submitAutomaticRollback(record.actionId(), UNMARK_ACTOR);
            }
        }
    }

    /**
     * A changed policy set takes effect while running: a valid one at once (every later judgement, including the
     * one right before each side effect, reads it; the feed judges every finding again), an invalid one holds
     * every action until a valid one is read. Both are audited; the metric and /healthz show an invalid one.
     */
    private void reloadPolicies() {
        try {
            PolicyRefresh refresh = policies.refresh();
            Instant now = clock.instant();
            switch (refresh.status()) {
                case RELOADED -> {
                    LOG.info("policy set reloaded ({}): {}", policies.describe(), refresh.detail());
                    metrics.policyReload("reloaded");
                    store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "policy-reloaded",
                            policies.describe(), "reloaded", refresh.detail(), details("fingerprint", refresh.fingerprint()))));
                    engine.submitDue();
                }
                case INVALID -> {
                    LOG.error("the changed policy set is invalid, every action is held until it is fixed: {}",
                            refresh.detail());
                    metrics.policyReload("invalid");
                    store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "policy-invalid",
                            policies.describe(), "held", refresh.detail(), details("fingerprint", refresh.fingerprint()))));
                }
                default -> {
                    // nothing changed
                }
            }
        } catch (Journal.FencedException e) {
            problem = e.getMessage();
            LOG.error(problem);
        } catch (RuntimeException e) {
            LOG.error("reading the policy set again failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
