package io.reclaimer.actions.approval;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.FakeSlack;
import io.reclaimer.actions.support.Guards;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.testkit.time.PinnedDates;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Approvals in Slack, run at every {@link PinnedDates pinned date}: the service's clock stands at that date
 * (expiry, snooze and the replay window read it), while Slack's signature timestamps stay on the real clock,
 * as Slack signs them.
 */
@ParameterizedClass(name = "at {0}")
@MethodSource("io.reclaimer.testkit.time.PinnedDates#all")
class SlackApprovalTest {

    private final InMemoryJournal journal = new InMemoryJournal();
    private final ActionLedger ledger = new ActionLedger();
    private final ActionStore store = new ActionStore(journal, ledger);
    private final MutableClock clock;
    private final List<String> applied = new ArrayList<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private FakeSlack slack;
    private ExecutionEngine engine;
    private ApprovalDesk desk;
    private SlackInteractionServer server;

    /** A target that always matches the request and records what was done to it. */
    private final ActionExecutor target = new ActionExecutor() {
        @Override
        public boolean handles(ActionType type, FindingKind kind) {
            return true;
        }

        @Override
        public boolean reversible(ActionRequest request) {
            return true;
        }

        @Override
        public Check check(ActionRequest request) {
            return applied.contains("apply " + request.actionId()) ? Check.done("done", Map.of())
                    : Check.original(Map.of("cpu", "500m"), Map.of("cpu", "250m"));
        }

        @Override
        public Map<String, String> apply(ActionRequest request, Check check) {
            applied.add("apply " + request.actionId());
            return check.plannedState();
        }

        @Override
        public Check checkRollback(ActionRequest request, ActionResult executed) {
            return Check.original(executed.newState(), executed.previousState());
        }

        @Override
        public Map<String, String> rollback(ActionRequest request, ActionResult executed) {
            applied.add("rollback " + request.actionId());
            return executed.previousState();
        }
    };

    SlackApprovalTest(Instant start) {
        this.clock = new MutableClock(start);
    }

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        slack.group("S0FINOPS", "finops", "U0ALICE");
        ActionMetrics metrics = new ActionMetrics(registry, ledger);
        SlackGateway gateway = new SlackGateway(slack.apiUrl(), FakeSlack.TOKEN, FakeSlack.CHANNEL, clock);
        List<ApprovalDesk> desks = new ArrayList<>();
        engine = new ExecutionEngine(store, new ExecutorRegistry(List.of(target)), Guards.allowAll(), ExecutionProbe.NONE,
                record -> desks.forEach(d -> d.finished(record)), clock);
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

    private ActionRecord pending(String id, Instant expiresAt) {
        ActionRequest request = new ActionRequest(id, ActionType.DOWNSIZE, "finding-" + id,
                FindingKind.OVERPROVISIONED_CONTAINER, "prod-eu/shop/Deployment/checkout/app", "prod-eu", "shop", "", "",
                Map.of("cpuRequestCores", "0.5"), Map.of("cpuRequestCores", "0.25", "limits", "keep"), 42.5, 0.9,
                new PolicyVerdict(Outcome.APPROVE, "rightsizing", "needs-approval", List.of("policy says approve"),
                        List.of("@finops"), expiresAt, Map.of()), clock.instant());
        store.write(new JournalBatch(List.of(request), List.of(), List.of(), List.of()));
        ActionRecord record = ledger.get(id).orElseThrow();
        desk.request(record);
        return ledger.get(id).orElseThrow();
    }

    private double counter(String result) {
        var snapshot = (io.prometheus.metrics.model.snapshots.CounterSnapshot) registry.scrape().stream()
                .filter(m -> m.getMetadata().getName().equals("reclaimer_actions_slack_interactions")).findFirst().orElseThrow();
        return snapshot.getDataPoints().stream().filter(d -> result.equals(d.getLabels().get("result")))
                .mapToDouble(d -> d.getValue()).sum();
    }

    private List<String> auditActions() {
        return journal.audit().stream().map(e -> e.action()).toList();
    }

    @Test
    void postsABlockKitRequestAndAnApproversClickExecutesItAndUpdatesTheMessageWithARollbackButton() throws Exception {
        ActionRecord record = pending("downsize-1", clock.instant().plus(Duration.ofHours(72)));

        var posted = slack.calls("chat.postMessage");
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0).params()).containsEntry("channel", FakeSlack.CHANNEL);
        assertThat(posted.get(0).params().get("blocks")).contains("reclaimer_approve", "policy says approve", "$42.50 / month");
        assertThat(record.message()).isNotNull();
        assertThat(slack.calls("auth.test")).as("Bolt checks the token at start").isNotEmpty();

        HttpResponse<String> response = slack.click(server.port(), ApprovalMessages.APPROVE, "downsize-1", "U0ALICE", "alice");

        assertThat(response.statusCode()).isEqualTo(200);
        ActionWaits.patiently().until(() -> ledger.get("downsize-1").orElseThrow().phase() == Phase.EXECUTED);
        assertThat(applied).containsExactly("apply downsize-1");
        assertThat(ledger.get("downsize-1").orElseThrow().approvedBy()).contains("slack:U0ALICE");
        ActionWaits.patiently().until(() -> slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().get("blocks").contains("reclaimer_rollback")));
        var update = slack.calls("chat.update").get(slack.calls("chat.update").size() - 1);
        assertThat(update.params()).containsEntry("ts", record.message().ts());
        assertThat(update.params().get("blocks")).contains("Executed: downsize").doesNotContain("reclaimer_approve");

        assertThat(slack.click(server.port(), ApprovalMessages.ROLLBACK, "downsize-1", "U0ALICE", "alice").statusCode())
                .isEqualTo(200);
        ActionWaits.patiently().until(() -> ledger.get("downsize-1").orElseThrow().phase() == Phase.ROLLED_BACK);
        assertThat(applied).containsExactly("apply downsize-1", "rollback downsize-1");
        assertThat(auditActions()).contains("approved", "execution-started", "executed", "rollback-requested", "rolled-back");
    }

    @Test
    void someoneWhoIsNotAnApproverGetsAnEphemeralRefusalAndTheAttemptIsAudited() throws Exception {
        pending("downsize-2", clock.instant().plus(Duration.ofHours(72)));

        assertThat(slack.click(server.port(), ApprovalMessages.APPROVE, "downsize-2", "U0MALLORY", "mallory").statusCode())
                .isEqualTo(200);

        var ephemeral = slack.calls("chat.postEphemeral");
        assertThat(ephemeral).hasSize(1);
        assertThat(ephemeral.get(0).params()).containsEntry("user", "U0MALLORY")
                .containsEntry("text", "You are not an approver of this action. Approvers: @finops.");
        assertThat(ledger.get("downsize-2").orElseThrow().phase()).isEqualTo(Phase.PENDING_APPROVAL);
        var refused = journal.audit().stream().filter(e -> e.action().equals("approval-refused")).toList();
        assertThat(refused).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("slack:U0MALLORY");
            assertThat(e.details()).containsEntry("click", "APPROVE");
        });
        assertThat(applied).isEmpty();
    }

    @Test
    void answers401ToUnsignedForgedStaleAndReplayedRequests() throws Exception {
        pending("downsize-3", clock.instant().plus(Duration.ofHours(72)));
        String body = FakeSlack.formBody(FakeSlack.clickPayload(ApprovalMessages.APPROVE, "downsize-3", "U0ALICE", "alice"));
        String now = String.valueOf(System.currentTimeMillis() / 1000);
        String sixMinutesAgo = String.valueOf(System.currentTimeMillis() / 1000 - 360);
        SlackSignature.Generator right = new SlackSignature.Generator(FakeSlack.SIGNING_SECRET);
        SlackSignature.Generator wrong = new SlackSignature.Generator("not-the-signing-secret");

        assertThat(slack.post(server.port(), body, null, null).statusCode()).as("unsigned").isEqualTo(401);
        assertThat(slack.post(server.port(), body, now, wrong.generate(now, body)).statusCode()).as("forged").isEqualTo(401);
        assertThat(slack.post(server.port(), body.replace("U0ALICE", "U0MALLORY"), now, right.generate(now, body))
                .statusCode()).as("tampered body").isEqualTo(401);
        assertThat(slack.post(server.port(), body, sixMinutesAgo, right.generate(sixMinutesAgo, body)).statusCode())
                .as("older than five minutes").isEqualTo(401);
        assertThat(ledger.get("downsize-3").orElseThrow().phase()).isEqualTo(Phase.PENDING_APPROVAL);

        String signature = right.generate(now, body);
        assertThat(slack.post(server.port(), body, now, signature).statusCode()).as("genuine").isEqualTo(200);
        assertThat(slack.post(server.port(), body, now, signature).statusCode()).as("replayed").isEqualTo(401);
        assertThat(counter("rejected_signature")).isEqualTo(5.0);
        assertThat(counter("accepted")).isEqualTo(1.0);
    }

    @Test
    void anOversizedBodyIs413AndASignedButMalformedOneIs400NeverADroppedConnection() throws Exception {
        pending("downsize-5", clock.instant().plus(Duration.ofHours(72)));
        SlackSignature.Generator right = new SlackSignature.Generator(FakeSlack.SIGNING_SECRET);
        String now = String.valueOf(System.currentTimeMillis() / 1000);

        String huge = "payload=" + "x".repeat(SlackInteractionServer.MAX_BODY_BYTES + 1);
        assertThat(slack.post(server.port(), huge, now, right.generate(now, huge)).statusCode()).isEqualTo(413);
        assertThat(counter("too_large")).isEqualTo(1.0);

        String malformed = "payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22action_id";
        assertThat(slack.post(server.port(), malformed, now, right.generate(now, malformed)).statusCode())
                .isIn(400);
        String garbage = "payload=%ZZ%%%";
        assertThat(slack.post(server.port(), garbage, now, right.generate(now, garbage)).statusCode()).isEqualTo(400);
        assertThat(ledger.get("downsize-5").orElseThrow().phase()).isEqualTo(Phase.PENDING_APPROVAL);
    }

    @Test
    void rejectAndSnoozeAreDecisionsTooAndLateClicksAreTurnedAway() throws Exception {
        pending("downsize-4", clock.instant().plus(Duration.ofHours(72)));
        pending("downsize-5", clock.instant().plus(Duration.ofHours(72)));

        slack.click(server.port(), ApprovalMessages.REJECT, "downsize-4", "U0ALICE", "alice");
        slack.click(server.port(), ApprovalMessages.SNOOZE, "downsize-5", "U0ALICE", "alice");
        slack.click(server.port(), ApprovalMessages.APPROVE, "downsize-4", "U0ALICE", "alice");

        assertThat(ledger.get("downsize-4").orElseThrow().phase()).isEqualTo(Phase.REJECTED);
        assertThat(ledger.get("downsize-5").orElseThrow().phase()).isEqualTo(Phase.SNOOZED);
        assertThat(ledger.get("downsize-5").orElseThrow().currentDecision().orElseThrow().comment()).startsWith("asked again after");
        assertThat(slack.calls("chat.postEphemeral")).singleElement()
                .satisfies(c -> assertThat(c.params().get("text")).isEqualTo("This request is already rejected."));
        engine.drain();
        assertThat(applied).isEmpty();
    }

    @Test
    void anExpiredRequestCannotBeApproved() throws Exception {
        pending("downsize-6", clock.instant().plus(Duration.ofMinutes(30)));
        pending("downsize-7", clock.instant().plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofHours(1));

        slack.click(server.port(), ApprovalMessages.APPROVE, "downsize-6", "U0ALICE", "alice");
        desk.expireDue();

        assertThat(ledger.get("downsize-6").orElseThrow().currentDecision().orElseThrow().outcome())
                .isEqualTo(ActionDecision.Outcome.EXPIRED);
        assertThat(ledger.get("downsize-7").orElseThrow().phase()).isEqualTo(Phase.EXPIRED);
        assertThat(slack.calls("chat.postEphemeral")).singleElement()
                .satisfies(c -> assertThat(c.params().get("text")).startsWith("This request expired at"));
        assertThat(slack.calls("chat.update")).anySatisfy(c -> assertThat(c.params().get("blocks")).contains("Expired: downsize"));
        engine.drain();
        assertThat(applied).isEmpty();
    }

    @Test
    void aTokenSlackRefusesStopsTheStartWithAClearErrorThatDoesNotShowTheToken() {
        SlackGateway wrong = new SlackGateway(slack.apiUrl(), "xoxb-wrong", FakeSlack.CHANNEL, clock);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlackInteractionServer.start("127.0.0.1", 0, wrong,
                        "xoxb-wrong", FakeSlack.SIGNING_SECRET, desk, new ActionMetrics(new PrometheusRegistry(), ledger), clock))
                .hasMessageStartingWith("Slack refused the bot token (auth.test at " + slack.apiUrl() + ")")
                .hasMessageContaining("invalid_auth")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xoxb-wrong"));
    }

    @Test
    void withoutSlackRequestsAreOnlyLogged() {
        ApprovalDesk offline = new ApprovalDesk(store, engine, null, new ActionMetrics(new PrometheusRegistry(), ledger),
                clock, Duration.ofHours(24));
        ActionRequest request = new ActionRequest("delete-1", ActionType.DELETE, "f", FindingKind.UNATTACHED_VOLUME,
                "aws/1/eu-west-1/vol-1", "", "", "1", "eu-west-1", Map.of(), Map.of("state", "deleted"), 8, null,
                verdict(clock.instant(), Outcome.APPROVE, Map.of(), "@finops"), clock.instant());
        store.write(new JournalBatch(List.of(request), List.of(), List.of(), List.of()));
        offline.request(ledger.get("delete-1").orElseThrow());
        assertThat(journal.audit()).filteredOn(e -> e.action().equals("approval-requested"))
                .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("slack-skipped"));
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }
}
