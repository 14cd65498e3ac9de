package io.reclaimer.actions.execution;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static io.reclaimer.actions.support.InMemoryJournal.statuses;
import static io.reclaimer.model.actions.ActionResult.Status.ABORTED;
import static io.reclaimer.model.actions.ActionResult.Status.EXECUTED;
import static io.reclaimer.model.actions.ActionResult.Status.FAILED;
import static io.reclaimer.model.actions.ActionResult.Status.ROLLBACK_STARTED;
import static io.reclaimer.model.actions.ActionResult.Status.ROLLED_BACK;
import static io.reclaimer.model.actions.ActionResult.Status.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.actions.support.Guards;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionEngineTest {

    private final InMemoryJournal journal = new InMemoryJournal();
    private final ActionLedger ledger = new ActionLedger();
    private final ActionStore store = new ActionStore(journal, ledger);
    private final FakeTarget target = new FakeTarget();
    private final List<String> probes = new ArrayList<>();
    private Optional<String> hold = Optional.empty();
    private final ExecutionEngine engine = new ExecutionEngine(store, new ExecutorRegistry(List.of(target)),
            Guards.holding(() -> hold), (point, id) -> probes.add(point + " " + id), ExecutionListener.NONE,
            Clock.fixed(T0, ZoneOffset.UTC));

    /** A target whose whole state is one string: "original", "proposed", or whatever someone else set. */
    private final class FakeTarget implements ActionExecutor {
        String state = "original";
        int applies;
        int rollbacks;
        RuntimeException checkFailure;
        RuntimeException applyFailure;
        boolean applyFailsAfterChanging;

        @Override
        public boolean handles(ActionType type, FindingKind kind) {
            return type == ActionType.DELETE;
        }

        @Override
        public boolean reversible(ActionRequest request) {
            return true;
        }

        @Override
        public Check check(ActionRequest request) {
            if (checkFailure != null) {
                throw checkFailure;
            }
            return switch (state) {
                case "original" -> Check.original(Map.of("state", "original"), Map.of("state", "proposed"));
                case "proposed" -> Check.done("already proposed", Map.of("state", "proposed"));
                default -> Check.changed("state is " + state, Map.of("state", state));
            };
        }

        @Override
        public Map<String, String> apply(ActionRequest request, Check check) {
            // the intent must be durable before the side effect
            assertThat(statuses(journal.results())).last().isEqualTo(STARTED);
            applies++;
            if (applyFailsAfterChanging) {
                state = "proposed";
                throw new IllegalStateException("read timed out");
            }
            if (applyFailure != null) {
                throw applyFailure;
            }
            state = "proposed";
            return Map.of("state", "proposed");
        }

        @Override
        public Check checkRollback(ActionRequest request, ActionResult executed) {
            return switch (state) {
                case "proposed" -> Check.original(Map.of("state", "proposed"), Map.of("state", "original"));
                case "original" -> Check.done("already original", Map.of());
                default -> Check.changed("state is " + state);
            };
        }

        @Override
        public Map<String, String> rollback(ActionRequest request, ActionResult executed) {
            rollbacks++;
            state = "original";
            return Map.of("state", "original");
        }
    }

    private String auto(String id) {
        store.write(new io.reclaimer.actions.ledger.JournalBatch(List.of(Fixtures.request(id, ActionType.DELETE,
                FindingKind.UNATTACHED_VOLUME, "aws/1/eu-west-1/vol-1", Map.of("state", "original"),
                Map.of("state", "proposed"), verdict(Outcome.AUTO, Map.of()), T0)), List.of(), List.of(), List.of()));
        return id;
    }

    private void crashedAfterIntent(String id) {
        auto(id);
        store.write(io.reclaimer.actions.ledger.JournalBatch.of(new ActionResult(id, STARTED, "executing",
                Map.of("state", "original"), Map.of("state", "proposed"), T0), io.reclaimer.actions.audit.AuditEvents.of(T0,
                "test", "execution-started", id, "started", "")));
    }

    @Test
    void writesTheIntentBeforeTheChangeAndTheResultAfterIt() {
        ActionResult executed = engine.execute(auto("a")).lastResult().orElseThrow();

        assertThat(statuses(journal.results())).containsExactly(STARTED, EXECUTED);
        assertThat(executed.previousState()).containsEntry("state", "original");
        assertThat(executed.newState()).containsEntry("state", "proposed");
        assertThat(target.applies).isEqualTo(1);
        assertThat(probes).containsExactly("AFTER_INTENT a", "AFTER_SIDE_EFFECT a");
        assertThat(journal.audit()).extracting(e -> e.action()).containsExactly("execution-started", "executed");
    }

    @Test
    void executingTwiceChangesTheTargetOnce() {
        engine.execute(auto("a"));
        engine.execute("a");
        assertThat(target.applies).isEqualTo(1);
        assertThat(statuses(journal.results())).containsExactly(STARTED, EXECUTED);
    }

    @Test
    void abortsWithTheReasonWhenSomeoneElseChangedTheTarget() {
        target.state = "attached to i-123";
        ActionResult aborted = engine.execute(auto("a")).lastResult().orElseThrow();
        assertThat(aborted.status()).isEqualTo(ABORTED);
        assertThat(aborted.reason()).isEqualTo("the target changed since the request: state is attached to i-123");
        assertThat(target.applies).isZero();
    }

    @Test
    void neverExecutesADryRunAPendingOrARejectedRequest() {
        store.write(new io.reclaimer.actions.ledger.JournalBatch(List.of(
                Fixtures.request("dry", ActionType.DELETE, FindingKind.UNATTACHED_VOLUME, "t", Map.of(), Map.of(),
                        verdict(Outcome.DRY_RUN, Map.of()), T0),
                Fixtures.request("pending", ActionType.DELETE, FindingKind.UNATTACHED_VOLUME, "t", Map.of(), Map.of(),
                        verdict(Outcome.APPROVE, Map.of(), "U1"), T0)), List.of(
                new ActionDecision("pending", ActionDecision.Outcome.REJECTED, "slack:U1", T0, "")), List.of(), List.of()));
        engine.execute("dry");
        engine.execute("pending");
        assertThat(target.applies).isZero();
        assertThat(journal.results()).isEmpty();
    }

    @Test
    void afterACrashBetweenTheChangeAndItsResultTheRestartRecordsExecutedWithoutRepeatingIt() {
        crashedAfterIntent("a");
        target.state = "proposed";

        ActionResult result = engine.execute("a").lastResult().orElseThrow();

        assertThat(result.status()).isEqualTo(EXECUTED);
        assertThat(result.reason()).startsWith("reconciled after a restart");
        assertThat(result.previousState()).containsEntry("state", "original");
        assertThat(target.applies).isZero();
    }

    @Test
    void afterACrashBeforeTheChangeTheRestartMakesItOnceWithoutASecondIntent() {
        crashedAfterIntent("a");
        ActionResult result = engine.execute("a").lastResult().orElseThrow();
        assertThat(result.status()).isEqualTo(EXECUTED);
        assertThat(target.applies).isEqualTo(1);
        assertThat(statuses(journal.results())).containsExactly(STARTED, EXECUTED);
        assertThat(journal.audit()).extracting(e -> e.action()).contains("execution-resumed");
    }

    @Test
    void afterACrashWithTheWorldChangedTheRestartAborts() {
        crashedAfterIntent("a");
        target.state = "in-use";
        assertThat(engine.execute("a").lastResult().orElseThrow().status()).isEqualTo(ABORTED);
        assertThat(target.applies).isZero();
    }

    @Test
    void aTransientReCheckFailureIsRetriedAndFailsAfterFiveAttempts() {
        auto("a");
        target.checkFailure = new IllegalStateException("connection refused");
        for (int i = 0; i < ExecutionEngine.MAX_ATTEMPTS - 1; i++) {
            assertThat(engine.execute("a").phase()).isEqualTo(Phase.AUTO);
        }
        ActionResult failed = engine.execute("a").lastResult().orElseThrow();
        assertThat(failed.status()).isEqualTo(FAILED);
        assertThat(failed.reason()).contains("attempt 5 of 5").contains("connection refused");
    }

    @Test
    void aFailedCallThatChangedTheTargetAnywayIsRecordedAsExecuted() {
        target.applyFailsAfterChanging = true;
        ActionResult result = engine.execute(auto("a")).lastResult().orElseThrow();
        assertThat(result.status()).isEqualTo(EXECUTED);
        assertThat(result.reason()).contains("read timed out");
    }

    @Test
    void aFailedChangeIsRecordedWithItsReasonAndNotRetried() {
        target.applyFailure = new IllegalStateException("UnauthorizedOperation");
        assertThat(engine.execute(auto("a")).lastResult().orElseThrow().reason()).isEqualTo("UnauthorizedOperation");
        target.applyFailure = null;
        engine.execute("a");
        assertThat(target.applies).isEqualTo(1);
        assertThat(statuses(journal.results())).containsExactly(STARTED, FAILED);
    }

    @Test
    void aHeldActionWaitsAndTheHoldIsAuditedOnce() {
        hold = Optional.of("change freeze 'year-end' is active");
        auto("a");
        engine.execute("a");
        engine.execute("a");
        assertThat(target.applies).isZero();
        assertThat(journal.audit()).filteredOn(e -> e.action().equals("execution-held")).hasSize(1);
        hold = Optional.empty();
        assertThat(engine.execute("a").phase()).isEqualTo(Phase.EXECUTED);
    }

    @Test
    void rollsBackWithItsOwnIntentAndRefusesWhatWasNotExecuted() {
        assertThatThrownBy(() -> engine.rollback(auto("b"), "cli")).hasMessageContaining("only executed actions");
        engine.execute(auto("a"));
        ActionResult rolledBack = engine.rollback("a", "cli:alice").lastResult().orElseThrow();
        assertThat(rolledBack.status()).isEqualTo(ROLLED_BACK);
        assertThat(rolledBack.newState()).containsEntry("state", "original");
        assertThat(statuses(journal.results())).containsExactly(STARTED, EXECUTED, ROLLBACK_STARTED, ROLLED_BACK);
        assertThat(target.rollbacks).isEqualTo(1);
        assertThat(probes).contains("AFTER_ROLLBACK_INTENT a", "AFTER_ROLLBACK_SIDE_EFFECT a");
    }

    @Test
    void aRollbackInterruptedAfterItsChangeIsReconciledNotRepeated() {
        engine.execute(auto("a"));
        ledger.apply(new ActionResult("a", ROLLBACK_STARTED, "", Map.of(), Map.of(), T0));
        target.state = "original";
        ActionResult result = engine.rollback("a", "reclaimer-actions").lastResult().orElseThrow();
        assertThat(result.status()).isEqualTo(ROLLED_BACK);
        assertThat(result.reason()).startsWith("reconciled after a restart");
        assertThat(target.rollbacks).isZero();
    }
}
