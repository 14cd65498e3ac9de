package io.reclaimer.actions;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.kubernetes.ClusterFixtures;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.ChildJvm;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kills the actions service mid-action and restarts it: the change happens exactly once and the results
 * say so. The service runs in a child JVM that {@code Runtime.halt}s (no hooks, no flush, no close) right
 * after the side effect and before its result is written, and, in a second round, right after the intent
 * and before the side effect. Each time the restarted service reconciles instead of repeating: the mock
 * API server sees exactly one PATCH of each Deployment, and the results topic holds one STARTED and one
 * EXECUTED per action.
 */
@ExtendWith(KafkaExtension.class)
@ExtendWith(MockApiServer.class)
class CrashRecoveryIT {

    KubernetesClient client;
    KubernetesMockServer server;

    private final List<RecordedRequest> seen = new ArrayList<>();

    /** PATCH requests the API server has received for a Deployment so far. */
    private long patches(String deployment) throws InterruptedException {
        int total = server.getRequestCount();
        while (seen.size() < total) {
            seen.add(server.takeRequest(5, TimeUnit.SECONDS));
        }
        return seen.stream().filter(r -> "PATCH".equals(r.getMethod())
                && r.getPath().equals("/apis/apps/v1/namespaces/shop/deployments/" + deployment)).count();
    }

    private String cpu(String deployment) {
        return client.apps().deployments().inNamespace("shop").withName(deployment).get().getSpec().getTemplate().getSpec()
                .getContainers().get(1).getResources().getRequests().get("cpu").toString();
    }

    private void crashChild(KafkaTestCluster kafka, Topics topics, String transactionalId, ExecutionProbe.Point point,
                            Path log) throws Exception {
        ChildJvm.runUntilExit(CrashingActionsMain.class, log, CrashingActionsMain.HALT_STATUS, kafka.bootstrapServers(),
                topics.namespace(), client.getMasterUrl().toString(), transactionalId, point.name());
    }

    private ActionsService restart(KafkaTestCluster kafka, Topics topics, String transactionalId) {
        return ActionsService.builder(kafka.client(), topics,
                        ActionsConfig.DEFAULTS.withIntervals(Duration.ofMillis(200), Duration.ofMillis(500))
                                .withTransactionalId(transactionalId))
                .gate(Fixtures.gate(f -> verdict(Outcome.AUTO, Map.of("cpuRequestCores", "0.25", "limits", "keep"))))
                .kubernetes(cluster -> client)
                .registry(new PrometheusRegistry())
                .start();
    }

    /** The results of one action in the order they were written (its key keeps them in one partition). */
    private List<ActionResult> results(KafkaTestCluster kafka, Topics topics, String actionId, int count) {
        return kafka.readUntil(topics.actionResults(), rs -> rs.stream().filter(r -> r.key().equals(actionId)).count() >= count,
                ActionWaits.PATIENCE).stream().filter(r -> r.key().equals(actionId)).map(ConsumerRecord::value).toList();
    }

    private String actionOf(KafkaTestCluster kafka, Topics topics, Finding finding) {
        return kafka.readUntil(topics.actionRequests(), rs -> rs.stream().anyMatch(r -> r.value().findingId()
                .equals(finding.id())), ActionWaits.PATIENCE).stream().filter(r -> r.value().findingId()
                .equals(finding.id())).findFirst().orElseThrow().key();
    }

    @Test
    void anActionInterruptedByACrashIsCompletedExactlyOnceAfterTheRestart(KafkaTestCluster kafka) throws Exception {
        Topics topics = kafka.createTopics("crash-recovery");
        String transactionalId = "it-" + topics.namespace();
        Path logs = Files.createDirectories(Path.of("target", "crash-recovery"));
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", null, null)).create();
        client.resource(ClusterFixtures.deployment("shop", "search", 2, "500m", "256Mi", null, null)).create();
        Finding checkout = Fixtures.overprovisioned(Instant.now(), "prod-eu", "shop", "checkout", "app", "0.5", String.valueOf(512L << 20));
        Finding search = Fixtures.overprovisioned(Instant.now(), "prod-eu", "shop", "search", "app", "0.5", String.valueOf(256L << 20));

        // round 1: the process dies after patching the Deployment, before writing EXECUTED
        kafka.send(topics.findings(), checkout.id(), checkout);
        crashChild(kafka, topics, transactionalId, ExecutionProbe.Point.AFTER_SIDE_EFFECT, logs.resolve("round-1.log"));

        assertThat(cpu("checkout")).isEqualTo("250m");
        assertThat(patches("checkout")).isEqualTo(1);
        String checkoutAction = actionOf(kafka, topics, checkout);
        assertThat(results(kafka, topics, checkoutAction, 1)).extracting(ActionResult::status).containsExactly(Status.STARTED);

        try (ActionsService service = restart(kafka, topics, transactionalId)) {
            ActionWaits.patiently()
                    .until(() -> service.ledger().get(checkoutAction).orElseThrow().phase() == Phase.EXECUTED);
            ActionWaits.patiently().until(service::caughtUp);
            service.drainExecutions();
        }
        List<ActionResult> afterRound1 = results(kafka, topics, checkoutAction, 2);
        assertThat(afterRound1).extracting(ActionResult::status).containsExactly(Status.STARTED, Status.EXECUTED);
        assertThat(afterRound1.get(1).reason()).startsWith("reconciled after a restart: the target is already in the proposed state");
        assertThat(afterRound1.get(1).previousState()).containsEntry("requests.cpu", "500m");
        assertThat(patches("checkout")).as("no second PATCH").isEqualTo(1);
        assertThat(cpu("checkout")).isEqualTo("250m");

        // round 2: the process dies after writing the intent, before patching
        kafka.send(topics.findings(), search.id(), search);
        crashChild(kafka, topics, transactionalId, ExecutionProbe.Point.AFTER_INTENT, logs.resolve("round-2.log"));

        assertThat(cpu("search")).isEqualTo("500m");
        assertThat(patches("search")).isZero();
        String searchAction = actionOf(kafka, topics, search);
        assertThat(results(kafka, topics, searchAction, 1)).extracting(ActionResult::status).containsExactly(Status.STARTED);

        try (ActionsService service = restart(kafka, topics, transactionalId)) {
            ActionWaits.patiently().until(() -> service.ledger().all().stream()
                    .allMatch(r -> r.phase() == Phase.EXECUTED) && service.ledger().size() == 2);
            ActionWaits.patiently().until(service::caughtUp);
            service.drainExecutions();
        }
        assertThat(cpu("search")).isEqualTo("250m");
        assertThat(patches("search")).isEqualTo(1);
        assertThat(patches("checkout")).isEqualTo(1);
        List<ActionResult> afterRound2 = results(kafka, topics, searchAction, 2);
        assertThat(afterRound2).extracting(ActionResult::status).containsExactly(Status.STARTED, Status.EXECUTED);
        assertThat(afterRound2.get(1).reason()).isEqualTo("executed");
        assertThat(results(kafka, topics, checkoutAction, 2)).extracting(ActionResult::status)
                .containsExactly(Status.STARTED, Status.EXECUTED);
        assertThat(kafka.readUntil(topics.audit(), rs -> rs.stream().anyMatch(r -> r.value().action()
                .equals("execution-resumed")), ActionWaits.PATIENCE)).extracting(r -> r.value().action())
                .contains("execution-resumed");
        assertThat(checkoutAction).startsWith("downsize-");
    }
}
