package io.reclaimer.actions.execution;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.execution.ExecutionProbe.Point;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once protocol, one action at a time:
 *
 * <ol>
 *   <li>re-check the target ({@link ActionExecutor#check}); changed by someone else → ABORTED with the reason;</li>
 *   <li>write the intent ({@code STARTED}, with the observed previous state) and wait until it is durable;</li>
 *   <li>make the change;</li>
 *   <li>write the result ({@code EXECUTED} with the new state, or {@code FAILED}).</li>
 * </ol>
 *
 * <p>A crash between 2 and 4 leaves an intent without a result. On restart such an action is reconciled,
 * never blindly repeated: the target is checked again, and already in the proposed state → EXECUTED;
 * still in its original state → the change is made now; anything else → ABORTED with what was found.
 * Rollbacks follow the same protocol with {@code ROLLBACK_STARTED} and {@code ROLLED_BACK}.
 *
 * <p>Before the intent, and again before every rollback, the {@link ExecutionGuard} is asked on the current
 * finding and what the re-check read of the target: a hold (freeze, cap) leaves the action where it is,
 * audited once per reason; a withdrawal ends it as {@code WITHDRAWN} with the reason and the rule. Resumed
 * actions ask too: only a change already made is reconciled without asking.
 *
 * <p>Everything runs on one thread, so two executions never race on a target. A re-check that fails for a
 * transient reason (API unreachable) leaves the action where it was, to be retried on the next tick;
 * after {@value #MAX_ATTEMPTS} attempts, or on an {@link ActionFailedException}, it is FAILED.
 */
public final class ExecutionEngine implements AutoCloseable {

    static final int MAX_ATTEMPTS = FailedCalls.MAX_ATTEMPTS;
    private static final String ROLLBACK_REQUESTED_BY = "rollback requested by ";
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEngine.class);

    private final ActionStore store;
    private final ExecutorRegistry executors;
    private final ExecutionGuard guard;
    private final ExecutionProbe probe;
    private final Recorder recorder;
    private final FailedCalls failures;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reclaimer-actions-executor");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Set<String> queuedRollbacks = ConcurrentHashMap.newKeySet();

    public ExecutionEngine(ActionStore store, ExecutorRegistry executors, ExecutionGuard guard, ExecutionProbe probe,
                           ExecutionListener listener, Clock clock) {
        this.store = store;
        this.executors = executors;
        this.guard = guard;
        this.probe = probe;
        this.recorder = new Recorder(store, listener, clock);
        this.failures = new FailedCalls(recorder);
        this.clock = clock;
    }

    public ExecutorRegistry executors() {
        return executors;
    }

    /** The execution-time gate this engine asks before every side effect (also asked on approval clicks). */
    public ExecutionGuard guard() {
        return guard;
    }

    /** Queues an execution (no-op when one is already queued for the same action). */
    public void submit(String actionId) {
        if (queued.add(actionId)) {
            thread.submit(() -> {
                queued.remove(actionId);
                try {
                    execute(actionId);
                } catch (RuntimeException e) {
                    LOG.error("execution of {} failed unexpectedly: {}", actionId, e.toString(), e);
                }
            });
        }
    }

    /** Queues a rollback; the future completes with the record after it. */
    public Future<ActionRecord> submitRollback(String actionId, String actor) {
        return thread.submit(() -> rollback(actionId, actor));
    }

    /**
     * Queues an automatic rollback (the unmark of a resolved finding) unless one is queued already: a held
     * one is offered again on every tick.
     */
    public void submitAutomaticRollback(String actionId, String actor) {
        if (queuedRollbacks.add(actionId)) {
            thread.submit(() -> {
                queuedRollbacks.remove(actionId);
                try {
                    ActionRecord record = store.ledger().get(actionId).orElse(null);
                    if (record != null && record.phase().rollbackable()) {
                        rollback(actionId, actor);
                    }
                } catch (RuntimeException e) {
                    LOG.error("rollback of {} failed unexpectedly: {}", actionId, e.toString(), e);
                }
            });
        }
    }

    /**
     * Queues everything that is due: interrupted executions and rollbacks first (reconciliation), then
     * approved and automatic actions that have not started. Called at start-up and on every tick.
     */
    public void submitDue() {
        for (ActionRecord r : store.ledger().all()) {
            Phase phase = r.phase();
            if (phase == Phase.IN_FLIGHT || phase == Phase.ROLLBACK_IN_FLIGHT) {
                String id = r.actionId();
                if (phase == Phase.IN_FLIGHT) {
                    submit(id);
                } else {
                    thread.submit(() -> rollback(id, AuditEvents.SERVICE));
                }
            }
        }
        for (ActionRecord r : store.ledger().all()) {
            if (r.phase() == Phase.APPROVED || r.phase() == Phase.AUTO) {
                submit(r.actionId());
            }
        }
    }

    /** Waits until everything queued so far has run (tests, shutdown, the rollback command). */
    public void drain() throws InterruptedException {
        try {
            thread.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ execution

    /** Runs the protocol for one action on the calling thread; returns its record afterwards. */
    public synchronized ActionRecord execute(String actionId) {
        ActionRecord record = store.ledger().get(actionId)
                .orElseThrow(() -> new IllegalArgumentException("unknown action " + actionId));
        Phase phase = record.phase();
        if (!phase.executable()) {
            return record;
        }
        // an intent without a result is checked first: its change may already be made, and that is reconciled,
        // never withdrawn; a first execution asks the gate before spending a call on the re-check
        boolean resuming = phase == Phase.IN_FLIGHT;
        ActionRequest request = record.request();
        if (!resuming) {
            Permit before = guard.beforeCheck(record, clock.instant());
            if (!before.proceeds()) {
                return recorder.notPermitted(record, before, "", Map.of(), "execution-held");
            }
        }
        Optional<ActionExecutor> found = executors.find(request);
        if (found.isEmpty()) {
            return recorder.finish(recorder.result(request, Status.FAILED, "no executor takes " + request.type() + " of "
                    + request.findingKind(), Map.of(), Map.of()), "failed");
        }
        ActionExecutor executor = found.get();
        Check check;
        try {
            check = executor.check(request);
        } catch (ActionFailedException e) {
            return recorder.finish(recorder.result(request, Status.FAILED, "re-check failed: " + e.getMessage(), Map.of(), Map.of()), "failed");
        } catch (Exception e) {
            return failures.retryLater(record, resuming, e);
        }
        failures.checked(actionId);
        Optional<ActionResult> started = record.last(Status.STARTED);
        switch (check.state()) {
            case CHANGED -> {
                return recorder.finish(recorder.result(request, Status.ABORTED, "the target changed since the request: " + check.reason(),
                        check.previousState(), Map.of()), "aborted");
            }
            case DONE -> {
                if (resuming) {
                    ActionResult intent = started.orElseThrow();
                    Permit now = guard.standing(record, clock.instant());
                    return recorder.finish(recorder.result(request, Status.EXECUTED, "reconciled after a restart: the target is already "
                            + "in the proposed state (" + check.reason() + ")" + (now.withdrawn() ? "; the current "
                            + "policy would no longer allow it (" + now.reason() + "): roll it back if it must be undone"
                            : ""), intent.previousState(), intent.newState()), "executed");
                }
                return recorder.finish(recorder.result(request, Status.ABORTED, "nothing to do: the target is already in the proposed "
                        + "state, changed outside Reclaimer (" + check.reason() + ")", check.previousState(), Map.of()),
                        "aborted");
            }
            default -> {
                // ORIGINAL: the gate has the last word, on what the re-check has just read
            }
        }
        Map<String, String> previous = resuming ? started.orElseThrow().previousState() : check.previousState();
        Permit permit = guard.afterCheck(record, check, clock.instant());
        if (!permit.proceeds()) {
            return recorder.notPermitted(record, permit, resuming ? Withdrawals.AFTER_INTENT : "", previous, "execution-held");
        }
        recorder.clearHold(actionId);
        // the intent is written only if nobody withdrew the action meanwhile (an evaluation, an approval click)
        boolean intent;
        if (!resuming) {
            String why = record.approvedBy().map(a -> "approved by " + a).orElse("automatic per policy "
                    + request.verdict().policy());
            intent = store.writeIf(actionId, phase::equals, JournalBatch.of(recorder.result(request, Status.STARTED,
                    "executing (" + why + ")", previous, check.plannedState()), AuditEvents.of(clock.instant(),
                    AuditEvents.SERVICE, "execution-started", actionId, "started", why, details("type", request.type(),
                            "target", request.target()))));
        } else {
            intent = store.writeIf(actionId, phase::equals, JournalBatch.of(AuditEvents.of(clock.instant(),
                    AuditEvents.SERVICE, "execution-resumed", actionId, "resumed", "an intent without a result was "
                            + "found (after a restart or a hold) and the target is still in its original state: "
                            + "executing now")));
        }
        if (!intent) {
            return store.ledger().get(actionId).orElseThrow();
        }
        probe.reached(Point.AFTER_INTENT, actionId);
        Map<String, String> newState;
        try {
            newState = executor.apply(request, check, observed -> {
                Permit again = guard.afterCheck(store.ledger().get(actionId).orElseThrow(), observed, clock.instant());
                if (!again.proceeds()) {
                    throw new NotPermittedException(again);
                }
            });
        } catch (NotPermittedException e) {
            // the intent is written: a hold leaves it in flight (resumed on a later tick, the work so far reused)
            return recorder.notPermitted(store.ledger().get(actionId).orElseThrow(), e.permit(), Withdrawals.MID_CHANGE, previous,
                    "execution-held");
        } catch (ActionAbortedException e) {
            return recorder.finish(recorder.result(request, Status.ABORTED, e.getMessage(), previous, Map.of()), "aborted");
        } catch (ProposedInGitException e) {
            // a GitOps-managed target: the change is a pull request; EXECUTED comes when the cluster shows it
            return recorder.finish(recorder.result(request, Status.PROPOSED_IN_GIT, e.getMessage(), previous,
                    e.proposal()), "proposed-in-git");
        } catch (Exception e) {
            return failures.afterFailedApply(executor, request, previous, e);
        }
        probe.reached(Point.AFTER_SIDE_EFFECT, actionId);
        return recorder.finish(recorder.result(request, Status.EXECUTED, "executed", previous, newState), "executed");
    }

    // ------------------------------------------------------------------ rollback

    /** Rolls an executed action back on the calling thread; returns its record afterwards. */
    public synchronized ActionRecord rollback(String actionId, String actor) {
        ActionRecord record = store.ledger().get(actionId)
                .orElseThrow(() -> new IllegalArgumentException("unknown action " + actionId));
        Phase phase = record.phase();
        if (!phase.rollbackable()) {
            throw new IllegalStateException("action " + actionId + " is " + phase.wireName()
                    + ": only executed actions can be rolled back");
        }
        boolean resuming = phase == Phase.ROLLBACK_IN_FLIGHT;
        ActionRequest request = record.request();
        ActionResult executed = record.last(Status.EXECUTED).orElseThrow(() ->
                new IllegalStateException("action " + actionId + " has no EXECUTED result to roll back"));
        // a resumed rollback keeps the standing of whoever asked for it: a person's stays a person's
        String decider = resuming && !AuditEvents.isPerson(actor) ? record.last(Status.ROLLBACK_STARTED)
                .map(ExecutionEngine::requestedBy).orElse(actor) : actor;
        Permit before = guard.beforeRestore(record, decider, clock.instant());
        if (!before.proceeds()) {
            return recorder.notPermitted(record, before, "", Map.of(), "rollback-held");
        }
        Optional<ActionExecutor> found = executors.find(request);
        if (found.isEmpty() || !found.get().reversible(request)) {
            return recorder.finish(recorder.result(request, Status.ROLLBACK_FAILED, request.type().wireName() + " of "
                    + request.findingKind() + " cannot be rolled back", executed.newState(), Map.of()), "rollback-failed", actor);
        }
        ActionExecutor executor = found.get();
        Check check;
        try {
            check = executor.checkRollback(request, executed);
        } catch (Exception e) {
            return recorder.finish(recorder.result(request, Status.ROLLBACK_FAILED, "cannot re-check the target before the rollback: "
                    + FailedCalls.message(e), executed.newState(), Map.of()), "rollback-failed", actor);
        }
        switch (check.state()) {
            case CHANGED -> {
                return recorder.finish(recorder.result(request, Status.ROLLBACK_FAILED, "the target changed since the execution: "
                        + check.reason(), check.previousState(), Map.of()), "rollback-failed", actor);
            }
            case DONE -> {
                return recorder.finish(recorder.result(request, Status.ROLLED_BACK, (resuming ? "reconciled after a restart: " : "")
                        + "the target is already back in its previous state (" + check.reason() + ")",
                        executed.newState(), executed.previousState()), "rolled-back", actor);
            }
            default -> {
                // ORIGINAL: roll back now, if the gate agrees on what the re-check read
            }
        }
        Permit permit = guard.afterRestoreCheck(record, decider, check, clock.instant());
        if (!permit.proceeds()) {
            return recorder.notPermitted(record, permit, "", Map.of(), "rollback-held");
        }
        recorder.clearHold(actionId);
        if (!permit.reason().isEmpty()) {
            store.write(JournalBatch.of(AuditEvents.of(clock.instant(), actor, "rollback-allowed", actionId, "allowed",
                    permit.reason())));
        }
        if (!resuming) {
            store.write(JournalBatch.of(recorder.result(request, Status.ROLLBACK_STARTED, ROLLBACK_REQUESTED_BY + actor,
                    executed.newState(), executed.previousState()), AuditEvents.of(clock.instant(), actor,
                    "rollback-started", actionId, "started", "rollback of " + request.type().wireName()
                            + " " + request.target())));
        }
        probe.reached(Point.AFTER_ROLLBACK_INTENT, actionId);
        Map<String, String> restored;
        try {
            restored = executor.rollback(request, executed);
        } catch (Exception e) {
            return recorder.finish(recorder.result(request, Status.ROLLBACK_FAILED, FailedCalls.message(e), executed.newState(), Map.of()),
                    "rollback-failed", actor);
        }
        probe.reached(Point.AFTER_ROLLBACK_SIDE_EFFECT, actionId);
        return recorder.finish(recorder.result(request, Status.ROLLED_BACK, "rolled back by " + actor, executed.newState(), restored),
                "rolled-back", actor);
    }

    // ------------------------------------------------------------------ helpers

    /** Who asked for a rollback, from its intent. */
    private static String requestedBy(ActionResult intent) {
        return intent.reason().startsWith(ROLLBACK_REQUESTED_BY) ? intent.reason().substring(ROLLBACK_REQUESTED_BY.length())
                : AuditEvents.SERVICE;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
