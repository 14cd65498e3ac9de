package io.reclaimer.actions.flow;

import static io.reclaimer.actions.audit.AuditEvents.details;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.Withdrawals;
import io.reclaimer.actions.flow.ActionPlanner.Planned;
import io.reclaimer.actions.flow.ActionPlanner.Proposed;
import io.reclaimer.actions.flow.ActionPlanner.Skipped;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.revert.Reverts;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.rightsizing.Recommendation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation cycle: the gate judges the findings as one run, the planner turns each decision into a
 * request, and only requests the ledger does not already have (or that the policy now escalates, or whose
 * snooze is over) are written, each with its audit event, then routed. Judging the same findings again
 * changes nothing: ids are stable and the ledger de-duplicates. A live request of a finding the policy no
 * longer allows is withdrawn at that judgement.
 */
public final class ActionFlow {

    private static final Logger LOG = LoggerFactory.getLogger(ActionFlow.class);

    private final PolicyGate gate;
    private final ActionPlanner planner;
    private final ActionStore store;
    private final ActionRouter router;
    private final ActionMetrics metrics;
    private final Clock clock;
    private final Duration snoozeFor;
    private final StandingCheck standing;
    /** The last reason a finding produced no request, so a deny is audited when it changes, not every cycle. */
    private final Map<String, String> lastSkip = new HashMap<>();

    public ActionFlow(PolicyGate gate, ActionPlanner planner, ActionStore store, ActionRouter router,
                      ActionMetrics metrics, Clock clock, Duration snoozeFor, StandingCheck standing) {
        this.standing = standing;
        this.gate = gate;
        this.planner = planner;
        this.store = store;
        this.router = router;
        this.metrics = metrics;
        this.clock = clock;
        this.snoozeFor = snoozeFor;
    }

    /** What a cycle did, for logs and tests. */
    public record Cycle(int judged, int written, int skipped, boolean stopped) {
    }

    /** Why planning waits (the policy set in force is invalid), or empty. */
    public java.util.Optional<String> paused() {
        return gate.unavailable();
    }

    /** The generation of the policy set in force: when it changes, every finding is judged again. */
    public long policyGeneration() {
        return gate.generation();
    }

    public Cycle run(List<Finding> findings, Function<String, Recommendation> recommendations) {
        if (findings.isEmpty()) {
            return new Cycle(0, 0, 0, false);
        }
        Instant now = clock.instant();
        GateContext context = GateContext.at(now, store.ledger().grantedSince(now.minus(Duration.ofHours(1))));
        GatePlan plan;
        try {
            plan = gate.plan(findings, context);
        } catch (RuntimeException e) {
            // fail closed: a gate that cannot decide allows nothing
            LOG.error("the policy gate failed on {} findings: {}; nothing is proposed this cycle", findings.size(), e.toString(), e);
            store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "gate-failed", "cycle", "denied",
                    "the policy gate failed, every finding of the cycle is denied: " + e.getMessage())));
            return new Cycle(findings.size(), 0, findings.size(), false);
        }
        if (plan.decisions().size() != findings.size()) {
            throw new IllegalStateException("the policy gate answered " + plan.decisions().size() + " decisions for "
                    + findings.size() + " findings");
        }
        if (plan.stopped()) {
            // a cap was exceeded: nothing acts this run, and an operator must hear of it (metric, alert rule, log)
            LOG.warn("run stopped by the blast radius, every decision lowered to dry-run: {}", String.join("; ", plan.alerts()));
            metrics.runStopped();
            store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "run-stopped", "cycle", "dry-run",
                    String.join("; ", plan.alerts()), details("findings", findings.size()))));
        }
        int written = 0;
        int skipped = 0;
        Map<String, List<ActionRecord>> live = liveByFinding();
        for (GateDecision decision : plan.decisions()) {
            Finding finding = decision.finding();
            withdrawIfNoLongerAllowed(live.getOrDefault(finding.id(), List.of()), finding, now);
            Planned planned = planner.plan(decision, recommendations.apply(finding.resource()), now);
            if (planned instanceof Proposed proposed) {
                // a change that was undone (a GitOps sync, a person) is not made again: the finding's audit says why
                planned = Reverts.blocking(store.ledger(), finding, proposed.request())
                        .<Planned>map(why -> new Skipped(finding.id(), why)).orElse(planned);
            }
            if (planned instanceof Skipped skip) {
                skipped++;
                if (!skip.reason().equals(lastSkip.put(finding.id(), skip.reason()))) {
                    store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "not-proposed", finding.id(),
                            decision.verdict().outcome() == Outcome.DENY ? "denied" : "skipped", skip.reason(),
                            details("kind", finding.kind(), "policy", decision.verdict().policy(),
                                    "rule", decision.verdict().rule()))));
                }
                continue;
            }
            lastSkip.remove(finding.id());
            ActionRequest request = ((Proposed) planned).request();
            if (!store.ledger().wants(request, now, snoozeFor)) {
                continue;
            }
            supersede(request, now);
            Outcome outcome = request.verdict().outcome();
            String label = switch (outcome) {
                case DRY_RUN, DENY -> "dry-run";
                case APPROVE -> "approval-requested";
                case AUTO -> "auto";
            };
            store.write(JournalBatch.of(request, AuditEvents.of(now, AuditEvents.SERVICE, "requested", request.actionId(),
                    label, String.join("; ", request.verdict().reasons()), details("type", request.type(),
                            "finding", finding.id(), "target", request.target(), "monthlyUsd", request.monthlyUsd(),
                            "policy", request.verdict().policy(), "rule", request.verdict().rule()))));
            written++;
            metrics.action(request, label.replace('-', '_'));
            ActionRecord record = store.ledger().get(request.actionId()).orElseThrow();
            if (outcome == Outcome.APPROVE) {
                router.approvalNeeded(record);
            } else if (outcome == Outcome.AUTO) {
                router.executable(record);
            }
        }
        return new Cycle(findings.size(), written, skipped, plan.stopped());
    }

    /** Requests someone may still act on (approve, or the executor run), by finding: one pass over the ledger. */
    private Map<String, List<ActionRecord>> liveByFinding() {
        Map<String, List<ActionRecord>> live = new HashMap<>();
        for (ActionRecord record : store.ledger().all()) {
            if (LIVE.contains(record.phase())) {
                live.computeIfAbsent(record.request().findingId(), id -> new ArrayList<>()).add(record);
            }
        }
        return live;
    }

    private static final java.util.Set<Phase> LIVE = java.util.EnumSet.of(Phase.PENDING_APPROVAL, Phase.APPROVED, Phase.AUTO);

    /**
     * The finding was judged again: a live request of it that the current policy no longer allows (denied,
     * dry-run, opted out, protected, asking for approval where it was automatic) is withdrawn now, with the
     * reason and the rule, and its Slack message updated, instead of waiting for a click or the executor.
     */
    private void withdrawIfNoLongerAllowed(List<ActionRecord> records, Finding finding, Instant now) {
        for (ActionRecord record : records) {
            Permit permit = standing.standing(record, finding, now);
            if (permit.withdrawn()) {
                withdraw(record, permit, now);
            }
        }
    }

    private void withdraw(ActionRecord record, Permit permit, Instant now) {
        // only if it is still live: the executor may have started it since the ledger was read
        if (store.writeIf(record.actionId(), LIVE::contains, Withdrawals.batch(record, permit, Map.of(), now,
                AuditEvents.SERVICE))) {
            metrics.action(record.request(), "withdrawn");
            router.setAside(store.ledger().get(record.actionId()).orElseThrow());
        }
    }

    /**
     * A newer proposal for the same finding and action replaces a pending or dry-run one: approving the old
     * would be stale, and a drifting recommendation must not leave one proposal per step it took.
     */
    private void supersede(ActionRequest newer, Instant now) {
        for (ActionRecord older : store.ledger().forFinding(newer.findingId())) {
            if (!older.actionId().equals(newer.actionId()) && older.request().type() == newer.type()
                    && (older.phase() == Phase.PENDING_APPROVAL || older.phase() == Phase.DRY_RUN)) {
                setAside(older, now, "superseded by " + newer.actionId());
            }
        }
    }

    /**
     * The finding is resolved: pending and dry-run requests expire, approved and automatic ones are withdrawn,
     * and a mark placed for it is removed.
     */
    public void resolved(String findingId) {
        Instant now = clock.instant();
        lastSkip.remove(findingId);
        List<ActionRecord> records = new ArrayList<>(store.ledger().forFinding(findingId));
        boolean deleted = records.stream().anyMatch(r -> r.request().type() == ActionType.DELETE
                && (r.phase() == Phase.EXECUTED || r.phase() == Phase.IN_FLIGHT));
        for (ActionRecord record : records) {
            if (record.phase() == Phase.PENDING_APPROVAL || record.phase() == Phase.DRY_RUN) {
                setAside(record, now, "the finding was resolved");
            } else if (record.phase() == Phase.APPROVED || record.phase() == Phase.AUTO) {
                withdraw(record, Withdrawals.RESOLVED, now);
            } else if (record.request().type() == ActionType.MARK_FOR_OP && record.phase() == Phase.EXECUTED && !deleted) {
                router.unmark(record);
            }
        }
    }

    private void setAside(ActionRecord record, Instant now, String why) {
        store.write(JournalBatch.of(new ActionDecision(record.actionId(), ActionDecision.Outcome.EXPIRED,
                AuditEvents.SERVICE, now, why), AuditEvents.of(now, AuditEvents.SERVICE, "expired", record.actionId(),
                "expired", why)));
        metrics.action(record.request(), "expired");
        router.setAside(store.ledger().get(record.actionId()).orElseThrow());
    }
}
