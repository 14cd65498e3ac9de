package io.reclaimer.actions.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.permit.ExecutionGate;
import io.reclaimer.actions.permit.FindingState;
import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.FakeSlack;
import io.reclaimer.actions.support.FakeSlackSocket;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.audit.AuditEvent;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Socket Mode (issue 14): clicks arrive as {@code interactive} envelopes on an outbound WebSocket instead of signed
 * POSTs. Every scenario runs over both transports against the same local Slack (Web API server plus a WebSocket
 * server speaking Slack's envelope format) and must end the same way: an approver's Approve executes, a
 * non-approver is refused and audited, an approval the current policy no longer allows is withdrawn. Over Socket
 * Mode each envelope is acknowledged with its {@code envelope_id}.
 */
class SlackSocketModeTest {

    enum Transport { HTTP, SOCKET }

    private final InMemoryJournal journal = new InMemoryJournal();
    private final ActionLedger ledger = new ActionLedger();
    private final ActionStore store = new ActionStore(journal, ledger);
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<String> applied = new ArrayList<>();
    private final Map<String, Finding> findings = new HashMap<>();
    private Function<Finding, PolicyVerdict> policy = f -> approve();
    private FakeSlack slack;
    private FakeSlackSocket socket;
    private ExecutionEngine engine;
    private ApprovalDesk desk;
    private ActionMetrics metrics;
    private SlackGateway gateway;
    private SlackInteractions interactions;
    private Transport transport;

    private final ActionExecutor target = Fixtures.recordingExecutor(applied, "apply ");

    private PolicyVerdict approve() {
        return Fixtures.verdict(clock.instant(), Outcome.APPROVE, Map.of("cpuRequestCores", "0.25"), "@finops");
    }

    private static PolicyVerdict optedOut() {
        return new PolicyVerdict(Outcome.DENY, "rightsizing", "needs-approval", List.of(
                "guardrail opt-out blocked: the resource opted out with label reclaimer.io/exclude=true"),
                List.of(), null, Map.of());
    }

    /** The service's side: the desk, the engine and the gate of the service, then the chosen transport. */
    private void start(Transport chosen) throws Exception {
        transport = chosen;
        slack = new FakeSlack();
        slack.group("S0FINOPS", "finops", "U0ALICE");
        socket = new FakeSlackSocket();
        slack.socketModeUrl(socket.url());
        metrics = new ActionMetrics(new PrometheusRegistry(), ledger);
        gateway = new SlackGateway(slack.apiUrl(), FakeSlack.TOKEN, FakeSlack.CHANNEL, clock);
        List<ApprovalDesk> desks = new ArrayList<>();
        ExecutionGate gate = new ExecutionGate(Fixtures.gate(f -> policy.apply(f)), id -> findings.containsKey(id)
                ? new FindingState.Known(findings.get(id)) : new FindingState.Resolved(Optional.empty()), false, now -> 0);
        engine = new ExecutionEngine(store, new ExecutorRegistry(List.of(target)), gate, ExecutionProbe.NONE,
                record -> desks.forEach(d -> d.finished(record)), clock);
        desk = new ApprovalDesk(store, engine, gateway, metrics, clock, Duration.ofHours(24));
        desks.add(desk);
        interactions = chosen == Transport.SOCKET
                ? SlackSocketMode.start(gateway, FakeSlack.TOKEN, FakeSlack.APP_TOKEN, desk)
                : SlackInteractionServer.start("127.0.0.1", 0, gateway, FakeSlack.TOKEN, FakeSlack.SIGNING_SECRET, desk,
                        metrics, clock);
        if (chosen == Transport.SOCKET) {
            ActionWaits.patiently("the Socket Mode client connects to the URL apps.connections.open answered")
                    .until(() -> socket.connections() == 1);
        }
    }

    @AfterEach
    void stop() {
        if (interactions != null) {
            interactions.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (socket != null) {
            socket.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    /** A click as Slack delivers it over the chosen transport, returning once Slack would consider it delivered. */
    private void click(String button, String actionId, String userId, String userName) throws Exception {
        if (transport == Transport.HTTP) {
            assertThat(slack.click(interactions.httpPort().getAsInt(), button, actionId, userId, userName).statusCode())
                    .isEqualTo(200);
            return;
        }
        String envelopeId = socket.interactive(FakeSlack.clickPayload(button, actionId, userId, userName));
        ActionWaits.patiently("the client acknowledges envelope " + envelopeId)
                .until(() -> socket.acks().contains(envelopeId));
    }

    private void pending(String id) {
        Finding finding = Fixtures.overprovisioned(clock.instant(), "prod-eu", "shop", "checkout", "app", "0.5",
                String.valueOf(512L << 20));
        findings.put(finding.id(), finding);
        ActionRequest request = new ActionRequest(id, ActionType.DOWNSIZE, finding.id(),
                FindingKind.OVERPROVISIONED_CONTAINER, finding.resource(), "prod-eu", "shop", "", "",
                Map.of("cpuRequestCores", "0.5"), Map.of("cpuRequestCores", "0.25", "limits", "keep"), 42.5, 0.9,
                approve(), clock.instant());
        store.write(new JournalBatch(List.of(request), List.of(), List.of(), List.of()));
        desk.request(ledger.get(id).orElseThrow());
    }

    private List<AuditEvent> audit(String action) {
        return journal.audit().stream().filter(e -> e.action().equals(action)).toList();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anApproversApproveExecutesTheRequest(Transport chosen) throws Exception {
        start(chosen);
        pending("downsize-1");

        click(ApprovalMessages.APPROVE, "downsize-1", "U0ALICE", "alice");

        ActionWaits.patiently().until(() -> ledger.get("downsize-1").orElseThrow().phase() == Phase.EXECUTED);
        assertThat(applied).containsExactly("apply downsize-1");
        assertThat(ledger.get("downsize-1").orElseThrow().approvedBy()).contains("slack:U0ALICE");
        assertThat(audit("approved")).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("slack:U0ALICE"));
        ActionWaits.patiently().until(() -> slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().get("blocks").contains("Executed: downsize")));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aNonApproverIsRefusedAndTheAttemptAudited(Transport chosen) throws Exception {
        start(chosen);
        pending("downsize-2");

        click(ApprovalMessages.APPROVE, "downsize-2", "U0MALLORY", "finops");

        assertThat(ledger.get("downsize-2").orElseThrow().phase()).isEqualTo(Phase.PENDING_APPROVAL);
        assertThat(slack.calls("chat.postEphemeral")).singleElement().satisfies(c -> assertThat(c.params())
                .containsEntry("user", "U0MALLORY")
                .containsEntry("text", "You are not an approver of this action. Approvers: @finops."));
        assertThat(audit("approval-refused")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("slack:U0MALLORY");
            assertThat(e.details()).containsEntry("click", "APPROVE");
        });
        engine.drain();
        assertThat(applied).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anApprovalThePolicyNoLongerAllowsIsWithdrawnAndNeverExecuted(Transport chosen) throws Exception {
        start(chosen);
        pending("downsize-3");
        policy = f -> optedOut();

        click(ApprovalMessages.APPROVE, "downsize-3", "U0ALICE", "alice");
        engine.drain();

        assertThat(applied).isEmpty();
        assertThat(ledger.get("downsize-3").orElseThrow().phase()).isEqualTo(Phase.WITHDRAWN);
        assertThat(slack.calls("chat.postEphemeral")).singleElement().satisfies(c -> assertThat(c.params().get("text"))
                .startsWith("Not approved: the policy no longer allows this change"));
    }

    @Test
    void socketModeAcknowledgesEveryEnvelopeAndNeedsNoInboundPort() throws Exception {
        start(Transport.SOCKET);
        pending("downsize-4");

        click(ApprovalMessages.REJECT, "downsize-4", "U0ALICE", "alice");

        assertThat(interactions.httpPort()).isEmpty();
        assertThat(interactions.describe()).contains("Socket Mode");
        assertThat(ledger.get("downsize-4").orElseThrow().phase()).isEqualTo(Phase.REJECTED);
        assertThat(slack.calls("apps.connections.open")).isNotEmpty();
        assertThat(socket.paths()).allSatisfy(p -> assertThat(p).startsWith("/link/?ticket="));
        assertThat(socket.received()).anySatisfy(m -> assertThat(m).contains("\"envelope_id\""));
    }

    @Test
    void anAppTokenSlackRefusesStopsTheStartWithAClearErrorThatDoesNotShowTheToken() throws Exception {
        start(Transport.HTTP);

        assertThatThrownBy(() -> SlackSocketMode.start(gateway, FakeSlack.TOKEN, "xapp-wrong-token", desk))
                .hasMessageStartingWith("Slack Socket Mode could not connect (apps.connections.open at " + slack.apiUrl())
                .hasMessageContaining("invalid_auth")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xapp-wrong-token", FakeSlack.TOKEN));
        assertThatThrownBy(() -> SlackSocketMode.start(gateway, "xoxb-wrong", FakeSlack.APP_TOKEN, desk))
                .hasMessageStartingWith("Slack refused the bot token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xoxb-wrong"));
    }

    @Test
    void theAppTokenIsRedactedWhenTheSecretsArePrinted() {
        assertThat(new SlackSecrets(FakeSlack.TOKEN, null, FakeSlack.APP_TOKEN).toString())
                .isEqualTo("SlackSecrets[botToken=***, signingSecret=unset, appToken=***]")
                .doesNotContain(FakeSlack.APP_TOKEN);
    }
}
