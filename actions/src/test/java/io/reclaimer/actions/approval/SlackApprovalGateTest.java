package io.reclaimer.actions.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.permit.ExecutionGate;
import io.reclaimer.actions.permit.FindingState;
import io.reclaimer.actions.support.FakeSlack;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, defect 1: an approval click asks the policy again. A request the current policy no longer
 * allows (the finding opted out, or is denied now) is refused in Slack with the reason, ephemeral to the
 * approver and in the message, and withdrawn; nothing executes. The service's clock starts at the real now
 * and every fixture is built from it.
 */
class SlackApprovalGateTest {

    private final InMemoryJournal journal = new InMemoryJournal();
    private final ActionLedger ledger = new ActionLedger();
    private final ActionStore store = new ActionStore(journal, ledger);
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<String> applied = new ArrayList<>();
    private final Map<String, Finding> findings = new HashMap<>();
    private Function<Finding, PolicyVerdict> policy;
    private FakeSlack slack;
    private ExecutionEngine engine;
    private ApprovalDesk desk;
    private SlackInteractionServer server;

    private final ActionExecutor target = Fixtures.recordingExecutor(applied, "apply ");

    private PolicyVerdict approve() {
        return Fixtures.verdict(clock.instant(), Outcome.APPROVE, Map.of("cpuRequestCores", "0.25"), "@finops");
    }

    private static PolicyVerdict optedOut() {
        return new PolicyVerdict(Outcome.DENY, "rightsizing", "needs-approval", List.of(
                "policy 'rightsizing' rule 'needs-approval' selects this overprovisioned-container: approve",
                "guardrail opt-out blocked: the resource opted out with label reclaimer.io/exclude=true"),
                List.of(), null, Map.of());
    }

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        slack.group("S0FINOPS", "finops", "U0ALICE");
        ActionMetrics metrics = new ActionMetrics(new PrometheusRegistry(), ledger);
        SlackGateway gateway = new SlackGateway(slack.apiUrl(), FakeSlack.TOKEN, FakeSlack.CHANNEL, clock);
        List<ApprovalDesk> desks = new ArrayList<>();
        // the gate of the service: the current findings and the current policy, asked on every click
        ExecutionGate gate = new ExecutionGate(Fixtures.gate(f -> policy.apply(f)), id -> findings.containsKey(id)
                ? new FindingState.Known(findings.get(id)) : new FindingState.Resolved(Optional.empty()), false, now -> 0);
        engine = new ExecutionEngine(store, new ExecutorRegistry(List.of(target)), gate,
                ExecutionProbe.NONE, record -> desks.forEach(d -> d.finished(record)), clock);
        desk = new ApprovalDesk(store, engine, gateway, metrics, clock, Duration.ofHours(24));
        desks.add(desk);
        server = SlackInteractionServer.start("127.0.0.1", 0, gateway, FakeSlack.TOKEN, FakeSlack.SIGNING_SECRET, desk,
                metrics, clock);
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
        slack.close();
    }

    private ActionRecord pending(String id) {
        Finding finding = Fixtures.overprovisioned(clock.instant(), "prod-eu", "shop", "checkout", "app", "0.5",
                String.valueOf(512L << 20));
        findings.put(finding.id(), finding);
        ActionRequest request = new ActionRequest(id, ActionType.DOWNSIZE, finding.id(),
                FindingKind.OVERPROVISIONED_CONTAINER, finding.resource(), "prod-eu", "shop", "", "",
                Map.of("cpuRequestCores", "0.5"), Map.of("cpuRequestCores", "0.25", "limits", "keep"), 42.5, 0.9,
                approve(), clock.instant());
        store.write(new JournalBatch(List.of(request), List.of(), List.of(), List.of()));
        desk.request(ledger.get(id).orElseThrow());
        return ledger.get(id).orElseThrow();
    }

    @Test
    void anApprovalOfARequestThePolicyNowDeniesIsRefusedWithTheReasonWithdrawnAndNeverExecuted() throws Exception {
        pending("downsize-1");
        policy = f -> optedOut();
        clock.advance(Duration.ofMinutes(5));

        assertThat(slack.click(server.port(), ApprovalMessages.APPROVE, "downsize-1", "U0ALICE", "alice").statusCode())
                .isEqualTo(200);
        engine.drain();

        assertThat(applied).isEmpty();
        assertThat(ledger.get("downsize-1").orElseThrow().phase().wireName()).isEqualTo("withdrawn");
        assertThat(slack.calls("chat.postEphemeral")).singleElement().satisfies(c -> assertThat(c.params().get("text"))
                .startsWith("Not approved: the policy no longer allows this change")
                .contains("reclaimer.io/exclude=true"));
        assertThat(slack.calls("chat.update")).last().satisfies(c -> assertThat(c.params().get("blocks"))
                .contains("Withdrawn: downsize", "*withdrawn*", "opted out with label reclaimer.io/exclude")
                .doesNotContain("reclaimer_approve"));
        assertThat(journal.audit()).filteredOn(e -> e.action().equals("withdrawn")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("rule", "guardrail opt-out"));
    }

    @Test
    void anApprovalOfARequestThePolicyStillAllowsExecutesIt() throws Exception {
        pending("downsize-2");
        policy = f -> approve();

        slack.click(server.port(), ApprovalMessages.APPROVE, "downsize-2", "U0ALICE", "alice");
        engine.drain();

        assertThat(applied).containsExactly("apply downsize-2");
    }
}
