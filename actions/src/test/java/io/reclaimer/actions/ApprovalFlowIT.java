package io.reclaimer.actions;

import static io.reclaimer.actions.support.ActionWaits.until;
import static io.reclaimer.actions.support.ActionWaits.untilPhase;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.approval.ApprovalMessages;
import io.reclaimer.actions.kubernetes.ClusterFixtures;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.rollback.Rollbacks;
import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.FakeSlack;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.audit.AuditEvent;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import io.reclaimer.testkit.time.PinnedDates;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole loop on the real broker: a finding, the gate's approval verdict, the Block Kit request in Slack,
 * a signed click from an approver, the JSON Patch on the (mock) cluster, the results and audit on Kafka,
 * then {@code reclaimer rollback}. A second finding is only a dry-run and changes nothing; a restart
 * judges everything again without writing a single duplicate request.
 *
 * <p>The service runs on a clock the test hands it, and every fixture (the finding's times, the approval's
 * expiry) is built from that clock's now: once on the real clock, once on a clock years ahead. A fixed
 * instant combined with a service on the real clock passes the day it is written and fails ever after.
 */
@ExtendWith(KafkaExtension.class)
@ExtendWith(MockApiServer.class)
class ApprovalFlowIT {

    KubernetesClient client;

    private static final Map<String, String> SLACK_ENV = Map.of("SLACK_BOT_TOKEN", FakeSlack.TOKEN,
            "SLACK_SIGNING_SECRET", FakeSlack.SIGNING_SECRET);

    private static PolicyVerdict decide(Finding finding, Clock clock) {
        if (finding.resource().contains("/checkout/")) {
            return verdict(clock.instant(), Outcome.APPROVE, Map.of("cpuRequestCores", "0.25", "memoryRequestBytes",
                    String.valueOf(256L << 20), "limits", "proportional"), "@finops");
        }
        return verdict(clock.instant(), Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.1"));
    }

    static Stream<Named<Clock>> clocks() {
        Instant now = Instant.now();
        return Stream.of(Named.of("the real clock", Clock.systemUTC()),
                Named.of("a clock running from " + PinnedDates.FAR_FUTURE,
                        Clock.offset(Clock.systemUTC(), Duration.between(now, PinnedDates.FAR_FUTURE))));
    }

    private ActionsService start(KafkaTestCluster kafka, Topics topics, ActionsConfig config, Clock clock) {
        return ActionsService.builder(kafka.client(), topics, config)
                .gate(Fixtures.gate(finding -> decide(finding, clock)))
                .clock(clock)
                .kubernetes(cluster -> client)
                .registry(new PrometheusRegistry())
                .environment(SLACK_ENV)
                .start();
    }

    private Container container(String deployment, String name) {
        return client.apps().deployments().inNamespace("shop").withName(deployment).get().getSpec().getTemplate().getSpec()
                .getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void fromFindingToApprovalInSlackToPatchToRollback(Clock clock, KafkaTestCluster kafka) throws Exception {
        Topics topics = kafka.createTopics("approval-flow");
        Instant now = clock.instant();
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi")).create();
        client.resource(ClusterFixtures.deployment("shop", "search", 2, "200m", "256Mi", null, null)).create();
        Finding checkout = Fixtures.overprovisioned(now, "prod-eu", "shop", "checkout", "app", "0.5", String.valueOf(512L << 20));
        Finding search = Fixtures.overprovisioned(now, "prod-eu", "shop", "search", "app", "0.2", String.valueOf(256L << 20));
        kafka.send(topics.findings(), checkout.id(), checkout);
        kafka.send(topics.findings(), search.id(), search);
        kafka.send(topics.findings().name(), "broken".getBytes(StandardCharsets.UTF_8),
                "{\"schema\":\"finding/v9\"}".getBytes(StandardCharsets.UTF_8));

        try (FakeSlack slack = new FakeSlack()) {
            slack.group("S0FINOPS", "finops", "U0ALICE");
            ActionsConfig config = ActionsConfig.DEFAULTS.withIntervals(Duration.ofMillis(200), Duration.ofMillis(500))
                    .withSlack(ActionsConfig.Slack.DEFAULTS.withApiUrl(slack.apiUrl()).withPort(0))
                    .withTransactionalId("it-" + topics.namespace());
            String actionId;
            try (ActionsService service = start(kafka, topics, config, clock)) {
                until("the approval request is posted to Slack", () -> !slack.calls("chat.postMessage").isEmpty(),
                        () -> ActionWaits.describe(service.ledger(), kafka, topics));
                ActionRequest request = service.ledger().all().stream()
                        .filter(r -> r.request().findingId().equals(checkout.id())).findFirst().orElseThrow().request();
                actionId = request.actionId();
                assertThat(slack.calls("chat.postMessage").get(0).params().get("blocks"))
                        .contains("Approve: downsize prod-eu/shop/Deployment/checkout/app?", actionId);
                assertThat(container("checkout", "app").getResources().getRequests().get("cpu").toString())
                        .as("nothing changes before the approval").isEqualTo("500m");

                int port = service.slackPort().orElseThrow();
                assertThat(slack.click(port, ApprovalMessages.APPROVE, actionId, "U0ALICE", "alice").statusCode())
                        .isEqualTo(200);

                untilPhase(service.ledger(), actionId, Phase.EXECUTED, kafka, topics);
                Container app = container("checkout", "app");
                assertThat(app.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
                assertThat(app.getResources().getRequests().get("memory").toString()).isEqualTo("256Mi");
                assertThat(app.getResources().getLimits().get("cpu").toString()).isEqualTo("500m");
                assertThat(container("search", "app").getResources().getRequests().get("cpu").toString())
                        .as("a dry-run changes nothing").isEqualTo("200m");
                until("the Slack message is updated with a Rollback button", () -> slack.calls("chat.update").stream()
                        .anyMatch(c -> c.params().get("blocks").contains("reclaimer_rollback")),
                        () -> "chat.update calls: " + slack.calls("chat.update"));
            }

            List<ConsumerRecord<String, ActionRequest>> requests = kafka.readAtLeast(topics.actionRequests(), 2,
                    ActionWaits.PATIENCE);
            assertThat(requests).extracting(r -> r.value().verdict().outcome())
                    .containsExactlyInAnyOrder(Outcome.APPROVE, Outcome.DRY_RUN);
            assertThat(kafka.readAtLeast(topics.deadLetters(), 1, ActionWaits.PATIENCE).get(0).value().reason())
                    .contains("finding/v9");

            // a restart judges everything again: same ids, nothing new is requested, nothing runs twice
            try (ActionsService again = start(kafka, topics, config, clock)) {
                until("the restarted service catches up with the findings", again::caughtUp,
                        () -> ActionWaits.describe(again.ledger(), kafka, topics));
                // stays at two actions for a second after catching up: nothing new was requested
                await().during(Duration.ofSeconds(1)).atMost(ActionWaits.PATIENCE)
                        .until(() -> again.ledger().size() == 2);
                assertThat(again.ledger().get(actionId).orElseThrow().phase()).isEqualTo(Phase.EXECUTED);
            }
            assertThat(kafka.readAtLeast(topics.actionRequests(), 2, ActionWaits.PATIENCE)).hasSize(2);

            var rolledBack = Rollbacks.rollback(kafka.client(), topics, config, actionId, "cli:alice",
                    cluster -> client, null, SLACK_ENV, clock);
            assertThat(rolledBack.phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(container("checkout", "app").getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
            assertThat(container("checkout", "app").getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        }

        List<ConsumerRecord<String, ActionResult>> results = kafka.readUntil(topics.actionResults(),
                rs -> rs.stream().anyMatch(r -> r.value().status() == Status.ROLLED_BACK), ActionWaits.PATIENCE);
        assertThat(results).extracting(r -> r.value().status())
                .containsExactly(Status.STARTED, Status.EXECUTED, Status.ROLLBACK_STARTED, Status.ROLLED_BACK);
        assertThat(results.get(1).value().previousState()).containsEntry("requests.cpu", "500m")
                .containsEntry("limits.memory", "1Gi");
        List<ConsumerRecord<String, AuditEvent>> audit = kafka.readUntil(topics.audit(),
                rs -> rs.stream().anyMatch(r -> r.value().action().equals("rolled-back")), ActionWaits.PATIENCE);
        assertThat(audit).extracting(r -> r.value().action())
                .contains("requested", "slack-message-posted", "approval-requested", "approved", "execution-started",
                        "executed", "rollback-started", "rolled-back");
        assertThat(audit).filteredOn(r -> r.value().action().equals("approved")).singleElement()
                .satisfies(r -> assertThat(r.value().actor()).isEqualTo("slack:U0ALICE"));
        assertThat(audit).filteredOn(r -> r.value().action().equals("requested")).extracting(r -> r.value().outcome())
                .containsExactlyInAnyOrder("approval-requested", "dry-run");
        assertThat(FindingKind.OVERPROVISIONED_CONTAINER.wireName()).isEqualTo("overprovisioned-container");
    }
}
