package io.reclaimer.actions.permit;

import static io.reclaimer.actions.support.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.ExecutionProbe.Point;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.actions.flow.ActionFlow;
import io.reclaimer.actions.flow.ActionPlanner;
import io.reclaimer.actions.flow.ActionRouter;
import io.reclaimer.actions.flow.GateContext;
import io.reclaimer.actions.flow.GateDecision;
import io.reclaimer.actions.flow.GatePlan;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The world of {@link GateInterleavingProperties}: targets whose tags owners change, a policy set, a findings
 * topic, freezes and dry-run, and the real flow, engine and execution-time gate built over an in-memory journal
 * (a restart rebuilds them from it). Every side effect is recorded with what the world said at that instant.
 */
/** The fake world, the service built over it, and everything that happened to the targets. */
final class InterleavingWorld {

    static final int TARGETS = 3;

    sealed interface Step permits Publish, Resolve, SetPolicy, Protect, Tag, Approve, DryRun, Freeze, Evaluate, Tick,
            Crash, Restart {
    }

    /** The collector reports target i's finding, with the target's tags as they are now; its cycle judges it. */
    record Publish(int target) implements Step {
    }

    /** A tombstone: target i's finding is resolved. */
    record Resolve(int target) implements Step {
    }

    record SetPolicy(int target, Outcome outcome) implements Step {
    }

    /** Target i's namespace becomes (or stops being) protected. */
    record Protect(int target, boolean on) implements Step {
    }

    /** The owner tags the target itself (the feed sees it only at the next publish). */
    record Tag(int target, boolean exclude) implements Step {
    }

    /** An approver approves the pick-th pending request, whatever the policy says by now. */
    record Approve(int pick) implements Step {
    }

    /** A restart with {@code actions.dryRun} set so. */
    record DryRun(boolean on) implements Step {
    }

    record Freeze(boolean on) implements Step {
    }

    /** The hourly evaluation of every current finding. */
    record Evaluate() implements Step {
    }

    /** The executor's tick: interrupted actions first, then approved and automatic ones. */
    record Tick() implements Step {
    }

    /** The process dies at the next execution, right after its intent or right after its side effect. */
    record Crash(boolean afterSideEffect) implements Step {
    }

    record Restart() implements Step {
    }

    /** A side effect, and whether the world allowed it at that instant (and why not). */
    record Effect(String actionId, int target, String forbidden) {
    }

    static final class Halt extends Error {
        Halt() {
            super("halted by the test", null, false, false);
        }
    }

    final MutableClock clock = new MutableClock(T0);
    final InMemoryJournal journal = new InMemoryJournal();
    final Map<Integer, Map<String, String>> tags = new HashMap<>();
    final Map<Integer, Outcome> policy = new HashMap<>();
    final Set<Integer> protectedTargets = new HashSet<>();
    final Map<Integer, Finding> topic = new LinkedHashMap<>();
    final Set<Integer> deleted = new HashSet<>();
    final List<Effect> effects = new ArrayList<>();
    boolean dryRun;
    boolean frozen;
    Optional<Boolean> crashAfterSideEffect = Optional.empty();
    ActionLedger ledger;
    ActionStore store;
    FindingBoard board;
    ExecutionEngine engine;
    ActionFlow flow;

    InterleavingWorld() {
        for (int i = 0; i < TARGETS; i++) {
            tags.put(i, new LinkedHashMap<>(Map.of("team", "t" + i)));
            policy.put(i, Outcome.AUTO);
        }
        start();
    }

    static int targetOf(String resource) {
        return Integer.parseInt(resource.substring(resource.lastIndexOf('-') + 1));
    }

    static String resource(int i) {
        return "aws/123456789012/eu-west-1/vol-" + i;
    }

    /** What the world says of target i right now, for a change granted {@code grant}: empty when allowed. */
    String forbidden(int i, ActionRequest request) {
        List<String> why = new ArrayList<>();
        if (dryRun) {
            why.add("dry-run");
        }
        if (frozen) {
            why.add("frozen");
        }
        if (protectedTargets.contains(i)) {
            why.add("protected");
        }
        if (ReclaimerLabels.optOut(Map.of(), Map.of(), tags.get(i)).isPresent()) {
            why.add("opted out");
        }
        if (!topic.containsKey(i)) {
            why.add("resolved");
        }
        Outcome now = policy.get(i);
        boolean approved = request.verdict().outcome() == Outcome.APPROVE;
        if (!(now == Outcome.AUTO || approved && now == Outcome.APPROVE)) {
            why.add("policy says " + now);
        }
        return String.join(", ", why);
    }

    final PolicyGate gate = new PolicyGate() {
        @Override
        public GatePlan plan(List<Finding> findings, GateContext context) {
            return new GatePlan(findings.stream().map(f -> decide(f, context, frozen)).toList(), false, List.of());
        }

        @Override
        public GateDecision judge(Finding finding, GateContext context) {
            return decide(finding, context, false);
        }

        @Override
        public Optional<String> executionBlocker(GateContext context) {
            return frozen ? Optional.of("change freeze 'test' is active") : Optional.empty();
        }
    };

    /** The policy set: the target's outcome, lowered by the guardrails as the policies module words them. */
    GateDecision decide(Finding f, GateContext context, boolean freezeLowers) {
        int i = targetOf(f.resource());
        Outcome outcome = policy.get(i);
        List<String> reasons = new ArrayList<>(List.of("policy 'p' rule 'r" + i + "' selects it: " + outcome));
        if (protectedTargets.contains(i)) {
            outcome = Outcome.DENY;
            reasons.add("guardrail protected-namespace blocked: namespace 'ns-" + i + "' is protected");
        }
        Optional<String> optOut = ReclaimerLabels.optOut(f.labels(), f.annotations(), f.tags());
        if (optOut.isPresent()) {
            outcome = Outcome.DENY;
            reasons.add("guardrail opt-out blocked: the resource opted out with " + optOut.get());
        }
        if (freezeLowers && (outcome == Outcome.AUTO || outcome == Outcome.APPROVE)) {
            outcome = Outcome.DRY_RUN;
            reasons.add("guardrail change-freeze blocked: change freeze 'test' is active");
        }
        return new GateDecision(f, ActionType.DELETE, new PolicyVerdict(outcome, "p", "r" + i, reasons,
                outcome == Outcome.APPROVE ? List.of("@alice") : List.of(),
                outcome == Outcome.APPROVE ? context.now().plus(Duration.ofHours(72)) : null,
                Map.of("snapshot", "true")));
    }

    final ActionExecutor volumes = new ActionExecutor() {
        @Override
        public boolean handles(ActionType type, FindingKind kind) {
            return type == ActionType.DELETE;
        }

        @Override
        public Check check(ActionRequest request) {
            int i = targetOf(request.target());
            return deleted.contains(i) ? Check.done("deleted", Map.of("state", "deleted"))
                    : Check.original(Map.of("state", "available"), Map.of("state", "deleted"))
                    .withFacts(TargetFacts.tags(tags.get(i)));
        }

        @Override
        public Map<String, String> apply(ActionRequest request, Check check) {
            int i = targetOf(request.target());
            effects.add(new Effect(request.actionId(), i, forbidden(i, request)));
            deleted.add(i);
            return Map.of("state", "deleted");
        }
    };

    /** A process start: the ledger from the journal, the findings feed read to its end. */
    void start() {
        ledger = new ActionLedger();
        journal.batches().forEach(ledger::apply);
        store = new ActionStore(journal, ledger);
        board = new FindingBoard();
        topic.values().forEach(board::put);
        board.caughtUp();
        ExecutionGate executionGate = new ExecutionGate(gate, board, dryRun,
                now -> ledger.startedSince(now.minus(Duration.ofHours(1))));
        engine = new ExecutionEngine(store, new ExecutorRegistry(List.of(volumes)), executionGate, (point, id) -> {
            if (crashAfterSideEffect.isPresent()
                    && (point == Point.AFTER_SIDE_EFFECT) == crashAfterSideEffect.get()
                    && (point == Point.AFTER_SIDE_EFFECT || point == Point.AFTER_INTENT)) {
                crashAfterSideEffect = Optional.empty();
                throw new Halt();
            }
        }, ExecutionListener.NONE, clock);
        flow = new ActionFlow(gate, new ActionPlanner(dryRun, Duration.ofHours(72), (kind, type) -> true), store,
                new ActionRouter() {
                    @Override
                    public void approvalNeeded(ActionRecord record) {
                    }

                    @Override
                    public void executable(ActionRecord record) {
                    }

                    @Override
                    public void setAside(ActionRecord record) {
                    }

                    @Override
                    public void unmark(ActionRecord markRecord) {
                    }
                }, new ActionMetrics(new PrometheusRegistry(), ledger), clock, Duration.ofHours(24), executionGate);
    }

    void restart() {
        engine.close();
        start();
    }

    void close() {
        engine.close();
    }

    void apply(Step step) {
        clock.advance(Duration.ofMinutes(1));
        if (step instanceof Publish p) {
            Finding f = new Finding("unattached-volume:" + resource(p.target()), FindingKind.UNATTACHED_VOLUME,
                    resource(p.target()), "EbsVolume", "vol-" + p.target(), "aws", "", "ns-" + p.target(),
                    "123456789012", "eu-west-1", 8.0, T0.minus(Duration.ofDays(30)), clock.instant(), null,
                    Map.of("state", "available"), Map.of(), Map.of(), Map.copyOf(tags.get(p.target())));
            if (!deleted.contains(p.target())) {
                topic.put(p.target(), f);
                board.put(f);
                flow.run(List.of(f), key -> null);
            }
        } else if (step instanceof Resolve r) {
            Finding gone = topic.remove(r.target());
            if (gone != null) {
                board.resolve(gone.id());
                flow.resolved(gone.id());
            }
        } else if (step instanceof SetPolicy s) {
            policy.put(s.target(), s.outcome());
        } else if (step instanceof Protect p) {
            if (p.on()) {
                protectedTargets.add(p.target());
            } else {
                protectedTargets.remove(p.target());
            }
        } else if (step instanceof Tag t) {
            if (t.exclude()) {
                tags.get(t.target()).put("reclaimer:exclude", "true");
            } else {
                tags.get(t.target()).remove("reclaimer:exclude");
            }
        } else if (step instanceof Approve a) {
            List<ActionRecord> pending = ledger.inPhase(Phase.PENDING_APPROVAL);
            if (!pending.isEmpty()) {
                ActionRecord record = pending.get(a.pick() % pending.size());
                store.write(JournalBatch.of(new ActionDecision(record.actionId(), ActionDecision.Outcome.APPROVED,
                        "slack:U0ALICE", clock.instant(), ""), AuditEvents.of(clock.instant(), "slack:U0ALICE",
                        "approved", record.actionId(), "approved", "")));
            }
        } else if (step instanceof DryRun d) {
            dryRun = d.on();
            restart();
        } else if (step instanceof Freeze f) {
            frozen = f.on();
        } else if (step instanceof Evaluate) {
            if (!topic.isEmpty()) {
                flow.run(new ArrayList<>(topic.values()), key -> null);
            }
        } else if (step instanceof Tick) {
            tick();
        } else if (step instanceof Crash c) {
            crashAfterSideEffect = Optional.of(c.afterSideEffect());
        } else if (step instanceof Restart) {
            restart();
        }
    }

    void tick() {
        try {
            for (ActionRecord r : ledger.inPhase(Phase.IN_FLIGHT)) {
                engine.execute(r.actionId());
            }
            for (ActionRecord r : ledger.all()) {
                if (r.phase() == Phase.APPROVED || r.phase() == Phase.AUTO) {
                    engine.execute(r.actionId());
                }
            }
        } catch (Halt halted) {
            restart();
        }
    }

    /** Freezes end, dry-run is switched off, no more crashes: what is still allowed runs now. */
    void settle() {
        crashAfterSideEffect = Optional.empty();
        frozen = false;
        if (dryRun) {
            dryRun = false;
            restart();
        }
        clock.advance(Duration.ofMinutes(1));
        tick();
        tick();
    }

    void assertExactlyOnce(List<Step> steps) {
        Map<String, Long> effectsByAction = new HashMap<>();
        effects.forEach(e -> effectsByAction.merge(e.actionId(), 1L, Long::sum));
        Map<Integer, Long> effectsByTarget = new HashMap<>();
        effects.forEach(e -> effectsByTarget.merge(e.target(), 1L, Long::sum));
        assertThat(effectsByTarget.values()).as("no target is deleted twice, after %s", steps).allMatch(n -> n == 1);
        for (ActionRecord record : ledger.all()) {
            long executed = record.results().stream().filter(r -> r.status() == ActionResult.Status.EXECUTED).count();
            long changes = effectsByAction.getOrDefault(record.actionId(), 0L);
            assertThat(executed).as("EXECUTED results of %s (%s) after %s", record.actionId(), record.results(), steps)
                    .isEqualTo(changes).isLessThanOrEqualTo(1);
            assertThat(record.phase()).as("nothing allowed is left waiting after the world settled: %s after %s",
                    record, steps).isNotIn(Phase.AUTO, Phase.APPROVED, Phase.IN_FLIGHT);
        }
    }
}
