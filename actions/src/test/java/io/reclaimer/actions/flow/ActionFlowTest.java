package io.reclaimer.actions.flow;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.permit.CurrentFindings;
import io.reclaimer.actions.permit.ExecutionGate;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.audit.AuditEvent;
import io.reclaimer.model.findings.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ActionFlowTest {

    private final InMemoryJournal journal = new InMemoryJournal();
    private final ActionLedger ledger = new ActionLedger();
    private final ActionStore store = new ActionStore(journal, ledger);
    private final MutableClock clock = new MutableClock(T0);
    private final List<String> routed = new ArrayList<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private Function<Finding, PolicyVerdict> policy = f -> verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.25"));

    private final ActionRouter router = new ActionRouter() {
        @Override
        public void approvalNeeded(ActionRecord record) {
            routed.add("approve " + record.actionId());
        }

        @Override
        public void executable(ActionRecord record) {
            routed.add("execute " + record.actionId());
        }

        @Override
        public void setAside(ActionRecord record) {
            routed.add("aside " + record.actionId());
        }

        @Override
        public void unmark(ActionRecord markRecord) {
            routed.add("unmark " + markRecord.actionId());
        }
    };

    private ActionFlow flow(PolicyGate gate) {
        return new ActionFlow(gate, new ActionPlanner(false, Duration.ofHours(72), (kind, type) -> true), store, router,
                new ActionMetrics(registry, ledger), clock, Duration.ofHours(24),
                new ExecutionGate(gate, CurrentFindings.NONE, false, now -> 0));
    }

    private ActionFlow flow() {
        return flow(Fixtures.gate(f -> policy.apply(f)));
    }

    /** The counter's value summed over the data points carrying these label pairs. */
    private double counter(String name, String... labels) {
        return registry.scrape().stream().filter(s -> s.getMetadata().getName().equals(name))
                .flatMap(s -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot) s).getDataPoints().stream())
                .filter(p -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(p.getLabels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(p -> p.getValue()).sum();
    }

    private List<String> audit(String action) {
        return journal.audit().stream().filter(e -> e.action().equals(action)).map(AuditEvent::outcome).toList();
    }

    private static final Finding CHECKOUT = Fixtures.overprovisioned("prod-eu", "shop", "checkout", "app", "0.5", "1000");

    @Test
    void judgingTheSameFindingsAgainWritesNothingNew() {
        ActionFlow flow = flow();
        assertThat(flow.run(List.of(CHECKOUT), key -> null).written()).isEqualTo(1);
        assertThat(flow.run(List.of(CHECKOUT), key -> null).written()).isZero();
        clock.advance(Duration.ofDays(3));
        assertThat(flow.run(List.of(CHECKOUT), key -> null).written()).isZero();
        assertThat(ledger.size()).isEqualTo(1);
        assertThat(audit("requested")).containsExactly("dry-run");
        assertThat(routed).isEmpty();
    }

    @Test
    void aDryRunEscalatedByThePolicyIsAskedForUnderTheSameId() {
        ActionFlow flow = flow();
        flow.run(List.of(CHECKOUT), key -> null);
        policy = f -> verdict(Outcome.APPROVE, Map.of("cpuRequestCores", "0.25"), "@finops");
        flow.run(List.of(CHECKOUT), key -> null);

        assertThat(ledger.size()).isEqualTo(1);
        ActionRecord record = ledger.all().get(0);
        assertThat(record.phase()).isEqualTo(Phase.PENDING_APPROVAL);
        assertThat(routed).containsExactly("approve " + record.actionId());
        assertThat(audit("requested")).containsExactly("dry-run", "approval-requested");
    }

    @Test
    void aNewProposalSupersedesThePendingOneAndAResolvedFindingExpiresIt() {
        policy = f -> verdict(Outcome.APPROVE, Map.of("cpuRequestCores", "0.25"), "@finops");
        ActionFlow flow = flow();
        flow.run(List.of(CHECKOUT), key -> null);
        String first = ledger.all().get(0).actionId();
        policy = f -> verdict(Outcome.APPROVE, Map.of("cpuRequestCores", "0.3"), "@finops");
        clock.advance(Duration.ofMinutes(1));
        flow.run(List.of(CHECKOUT), key -> null);
        String second = ledger.all().get(1).actionId();

        assertThat(ledger.get(first).orElseThrow().phase()).isEqualTo(Phase.EXPIRED);
        assertThat(ledger.get(first).orElseThrow().currentDecision().orElseThrow().comment()).isEqualTo("superseded by " + second);
        assertThat(routed).containsExactly("approve " + first, "aside " + first, "approve " + second);

        flow.resolved(CHECKOUT.id());
        assertThat(ledger.get(second).orElseThrow().phase()).isEqualTo(Phase.EXPIRED);
        assertThat(ledger.get(second).orElseThrow().currentDecision().orElseThrow().comment())
                .isEqualTo("the finding was resolved");
    }

    @Test
    void aDriftingRecommendationLeavesOneCurrentDryRunPerTarget() {
        ActionFlow flow = flow();
        flow.run(List.of(CHECKOUT), key -> null);
        String first = ledger.all().get(0).actionId();
        policy = f -> verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.3"));
        clock.advance(Duration.ofMinutes(1));
        flow.run(List.of(CHECKOUT), key -> null);
        String second = ledger.all().get(1).actionId();

        assertThat(ledger.get(first).orElseThrow().phase()).isEqualTo(Phase.EXPIRED);
        assertThat(ledger.get(first).orElseThrow().currentDecision().orElseThrow().comment()).isEqualTo("superseded by " + second);
        assertThat(ledger.inPhase(Phase.DRY_RUN)).extracting(ActionRecord::actionId).containsExactly(second);

        // drifting back proposes the first again: recorded anew (no human decided on a dry-run), the second set aside
        policy = f -> verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.25"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(flow.run(List.of(CHECKOUT), key -> null).written()).isEqualTo(1);
        assertThat(ledger.inPhase(Phase.DRY_RUN)).extracting(ActionRecord::actionId).containsExactly(first);
        assertThat(ledger.get(second).orElseThrow().phase()).isEqualTo(Phase.EXPIRED);
        assertThat(audit("requested")).containsExactly("dry-run", "dry-run", "dry-run");

        assertThat(counter("reclaimer_actions", "outcome", "dry_run", "cluster", "prod-eu")).isEqualTo(3.0);
        assertThat(counter("reclaimer_actions", "outcome", "expired", "cluster", "prod-eu")).isEqualTo(2.0);

        flow.resolved(CHECKOUT.id());
        assertThat(ledger.inPhase(Phase.DRY_RUN)).isEmpty();
        assertThat(routed).allMatch(r -> r.startsWith("aside "));
    }

    @Test
    void autoActionsGoToTheExecutorAndAResolvedFindingLosesItsMark() {
        Finding volume = Fixtures.volume("vol-1");
        ActionFlow flow = flow(new PolicyGate() {
            @Override
            public GatePlan plan(List<Finding> findings, GateContext context) {
                return new GatePlan(findings.stream().map(f -> new GateDecision(f, ActionType.MARK_FOR_OP,
                        verdict(Outcome.AUTO, Map.of("markKey", "reclaimer:marked-for-op", "markValue",
                                context.now().toString())))).toList(), false, List.of());
            }
        });
        flow.run(List.of(volume), key -> null);
        ActionRecord mark = ledger.all().get(0);
        assertThat(routed).containsExactly("execute " + mark.actionId());
        store.write(io.reclaimer.actions.ledger.JournalBatch.of(new io.reclaimer.model.actions.ActionResult(mark.actionId(),
                io.reclaimer.model.actions.ActionResult.Status.EXECUTED, "", Map.of(), Map.of(), T0),
                io.reclaimer.actions.audit.AuditEvents.of(T0, "test", "executed", mark.actionId(), "", "")));

        flow.resolved(volume.id());
        assertThat(routed).containsExactly("execute " + mark.actionId(), "unmark " + mark.actionId());
    }

    @Test
    void aPendingApprovalOfAFindingThePolicyNowDeniesIsWithdrawnAtTheNextJudgement() {
        policy = f -> verdict(Outcome.APPROVE, Map.of("cpuRequestCores", "0.25"), "@finops");
        ActionFlow flow = flow();
        flow.run(List.of(CHECKOUT), key -> null);
        String pending = ledger.all().get(0).actionId();

        policy = f -> verdict(Outcome.DENY, Map.of());
        clock.advance(Duration.ofMinutes(1));
        flow.run(List.of(CHECKOUT), key -> null);

        assertThat(ledger.get(pending).orElseThrow().phase().wireName()).isEqualTo("withdrawn");
        assertThat(routed).containsExactly("approve " + pending, "aside " + pending);
    }

    @Test
    void anAutomaticRequestOfAFindingThatOptedOutIsWithdrawnAtTheNextJudgement() {
        policy = f -> f.labels().containsKey("reclaimer.io/exclude") ? verdict(Outcome.DENY, Map.of())
                : verdict(Outcome.AUTO, Map.of("cpuRequestCores", "0.25"));
        ActionFlow flow = flow();
        flow.run(List.of(CHECKOUT), key -> null);
        String auto = ledger.all().get(0).actionId();

        Finding optedOut = new Finding(CHECKOUT.id(), CHECKOUT.kind(), CHECKOUT.resource(), CHECKOUT.resourceKind(),
                CHECKOUT.resourceName(), CHECKOUT.provider(), CHECKOUT.cluster(), CHECKOUT.namespace(), "", "",
                CHECKOUT.monthlyUsd(), CHECKOUT.since(), CHECKOUT.observedAt(), CHECKOUT.confidence(), CHECKOUT.evidence(),
                Map.of("app", "checkout", "reclaimer.io/exclude", "true"), Map.of(), Map.of());
        clock.advance(Duration.ofMinutes(1));
        flow.run(List.of(optedOut), key -> null);

        assertThat(ledger.get(auto).orElseThrow().phase().wireName()).isEqualTo("withdrawn");
    }

    @Test
    void aResolvedFindingWithdrawsItsAutomaticRequestAndAWithdrawnRequestIsAskedAgainOnlyAfterTheSnooze() {
        policy = f -> verdict(Outcome.AUTO, Map.of("cpuRequestCores", "0.25"));
        ActionFlow flow = flow();
        flow.run(List.of(CHECKOUT), key -> null);
        String auto = ledger.all().get(0).actionId();

        flow.resolved(CHECKOUT.id());
        assertThat(ledger.get(auto).orElseThrow().phase()).isEqualTo(Phase.WITHDRAWN);
        assertThat(ledger.get(auto).orElseThrow().lastResult().orElseThrow().reason())
                .isEqualTo("its finding was resolved: there is nothing left to reclaim");

        clock.advance(Duration.ofHours(1));
        assertThat(flow.run(List.of(CHECKOUT), key -> null).written()).as("not every cycle").isZero();
        clock.advance(Duration.ofHours(24));
        assertThat(flow.run(List.of(CHECKOUT), key -> null).written()).isEqualTo(1);
        assertThat(ledger.get(auto).orElseThrow().phase()).as("the same id, asked anew").isEqualTo(Phase.AUTO);
        assertThat(counter("reclaimer_actions", "outcome", "withdrawn")).isEqualTo(1.0);
    }

    @Test
    void aDenyIsAuditedWhenItChangesNotEveryCycle() {
        policy = f -> verdict(Outcome.DENY, Map.of());
        ActionFlow flow = flow();
        flow.run(List.of(CHECKOUT), key -> null);
        flow.run(List.of(CHECKOUT), key -> null);
        assertThat(audit("not-proposed")).containsExactly("denied");
        assertThat(ledger.size()).isZero();
    }

    @Test
    void aFailingGateDeniesTheWholeCycle() {
        ActionFlow flow = flow((findings, context) -> {
            throw new IllegalStateException("CEL exploded");
        });
        ActionFlow.Cycle cycle = flow.run(List.of(CHECKOUT), key -> null);
        assertThat(cycle.written()).isZero();
        assertThat(journal.audit()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("gate-failed");
            assertThat(e.message()).contains("CEL exploded");
        });
    }

    @Test
    void aRunStoppedByTheBlastRadiusIsAudited() {
        ActionFlow flow = flow((findings, context) -> new GatePlan(findings.stream().map(f -> new GateDecision(f,
                ActionType.DOWNSIZE, verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.25")))).toList(), true,
                List.of("run stopped by blast radius: 60 overprovisioned-container actions exceed the 50 allowed")));
        flow.run(List.of(CHECKOUT), key -> null);
        assertThat(journal.audit()).extracting(AuditEvent::action).startsWith("run-stopped");
        assertThat(counter("reclaimer_actions_runs_stopped")).isEqualTo(1.0);
    }

    @Test
    void denyAllGateDeniesEverythingWithItsReason() {
        GatePlan plan = new DenyAllGate().plan(List.of(CHECKOUT, Fixtures.volume("vol-1")), GateContext.at(T0, 0));
        assertThat(plan.decisions()).allSatisfy(d -> {
            assertThat(d.verdict().outcome()).isEqualTo(Outcome.DENY);
            assertThat(d.verdict().reasons()).containsExactly(DenyAllGate.REASON);
        });
        assertThat(plan.decisions().get(1).action()).isEqualTo(ActionType.DELETE);
    }
}
