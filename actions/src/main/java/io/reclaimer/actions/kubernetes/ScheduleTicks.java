package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.ExecutionGuard;
import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's tick for installed schedules: each namespace is brought to the state its window wants, each
 * transition asked of the execution-time gate first (a sleep like an execution, a wake like an automatic
 * restore). Transitions are audited; a held or failed one is audited once per reason and tried again.
 */
public final class ScheduleTicks {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTicks.class);

    private final ScheduleController schedules;
    private final ActionStore store;
    private final ActionMetrics metrics;
    private final ExecutionGuard gate;
    private final Clock clock;
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();

    public ScheduleTicks(ScheduleController schedules, ActionStore store, ActionMetrics metrics, ExecutionGuard gate,
                         Clock clock) {
        this.schedules = schedules;
        this.store = store;
        this.metrics = metrics;
        this.gate = gate;
        this.clock = clock;
    }

    public void tick() {
        for (ActionRecord record : store.ledger().all()) {
            if (record.request().type() == ActionType.SCHEDULE && (record.phase() == Phase.EXECUTED
                    || record.phase() == Phase.ROLLBACK_FAILED)) {
                schedule(record);
            }
        }
    }

    private void schedule(ActionRecord record) {
        ActionRequest request = record.request();
        Instant now = clock.instant();
        try {
            ScheduleController.Transition t = schedules.reconcile(request.cluster(), request.namespace(),
                    request.actionId(), new SchedulePermits() {
                        @Override
                        public Permit sleep(TargetFacts namespace) {
                            return gate.sleep(record, namespace, clock.instant());
                        }

                        @Override
                        public Permit wake(TargetFacts namespace) {
                            return gate.wake(record, namespace, clock.instant());
                        }
                    });
            if (!t.problem().isEmpty()) {
                if (!t.problem().equals(lastProblem.put(request.actionId(), t.problem()))) {
                    store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "schedule-skipped",
                            request.actionId(), "skipped", t.problem(), details("namespace", request.namespace()))));
                }
                return;
            }
            lastProblem.remove(request.actionId());
            if (t.transitioned()) {
                metrics.scheduleTransition(t.state());
                store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE,
                        "asleep".equals(t.state()) ? "schedule-sleep" : "schedule-wake", request.actionId(), t.state(),
                        request.cluster() + "/" + request.namespace() + ": " + t.changed().size() + " changed, "
                                + t.skipped().size() + " skipped (changed by someone else, or opted out)",
                        details("changed", String.join("; ", t.changed()), "skipped", String.join("; ", t.skipped())))));
            }
        } catch (Exception e) {
            String problem = "schedule of " + request.namespace() + " failed: " + e.getMessage();
            if (!problem.equals(lastProblem.put(request.actionId(), problem))) {
                LOG.warn(problem);
            }
        }
    }
}
