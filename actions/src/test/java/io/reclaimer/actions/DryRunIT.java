package io.reclaimer.actions;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.ledger.RecordIntegrity;
import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, defect 2, on the real broker: {@code actions.dryRun: true} stops execution, also of the
 * automatic and approved requests a previous run (without dry-run) left in the ledger. The service used to
 * execute them all at start-up. Fixtures are built from the real clock the service runs on.
 */
@ExtendWith(KafkaExtension.class)
class DryRunIT {

    private final List<String> applied = new CopyOnWriteArrayList<>();

    private final ActionExecutor recording = Fixtures.recordingExecutor(applied, "");

    private static ActionRequest request(String id, Finding finding, Outcome outcome, Instant now) {
        return new ActionRequest(id, ActionType.DOWNSIZE, finding.id(), FindingKind.OVERPROVISIONED_CONTAINER,
                finding.resource(), "prod-eu", "shop", "", "", Map.of("cpuRequestCores", "0.5"),
                Map.of("cpuRequestCores", "0.25", "limits", "keep"), 42.5, 0.9,
                verdict(now, outcome, Map.of("cpuRequestCores", "0.25", "limits", "keep"), "@finops"), now);
    }

    /** Writes a record as the actions service's journal does: signed with the service's integrity key. */
    private static <V> void sendSigned(KafkaTestCluster kafka, io.reclaimer.model.topics.TopicSpec<String, V> topic,
                                       String key, V value, RecordIntegrity integrity) throws Exception {
        byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), null, keyBytes, valueBytes,
                    integrity.sign(topic.name(), keyBytes, valueBytes))).get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void withDryRunOnTheAutomaticAndApprovedRequestsAlreadyInTheLedgerAreNeverExecuted(KafkaTestCluster kafka,
                                                                                       @TempDir Path dir)
            throws Exception {
        Topics topics = kafka.createTopics("dry-run");
        Instant now = Instant.now();
        Finding checkout = Fixtures.overprovisioned(now, "prod-eu", "shop", "checkout", "app", "0.5",
                String.valueOf(512L << 20));
        Finding search = Fixtures.overprovisioned(now, "prod-eu", "shop", "search", "app", "0.5",
                String.valueOf(512L << 20));
        kafka.send(topics.findings(), checkout.id(), checkout);
        kafka.send(topics.findings(), search.id(), search);
        // what a run without dry-run left behind, signed by that run's journal: one automatic request, one approved
        // in Slack, neither executed yet
        Path key = dir.resolve("integrity.key");
        RecordIntegrity integrity = RecordIntegrity.fromFile(key);
        sendSigned(kafka, topics.actionRequests(), "downsize-auto", request("downsize-auto", checkout, Outcome.AUTO, now),
                integrity);
        sendSigned(kafka, topics.actionRequests(), "downsize-approved",
                request("downsize-approved", search, Outcome.APPROVE, now), integrity);
        sendSigned(kafka, topics.actionDecisions(), "downsize-approved", new ActionDecision("downsize-approved",
                ActionDecision.Outcome.APPROVED, "slack:U0ALICE", now.plusSeconds(1), ""), integrity);

        ActionsConfig dryRun = new ActionsConfig(null, true, null, null, null, null, null, null, null, null, null, null)
                .withIntervals(Duration.ofMillis(200), Duration.ofMillis(500)).withTransactionalId("it-" + topics.namespace())
                .withIntegrityKeyFile(key);
        try (ActionsService service = ActionsService.builder(kafka.client(), topics, dryRun)
                .gate(Fixtures.gate(f -> verdict(now, Outcome.AUTO, Map.of("cpuRequestCores", "0.25", "limits", "keep"))))
                .executors(List.of(recording))
                .registry(new PrometheusRegistry())
                .start()) {
            ActionWaits.until("the service catches up with the findings", service::caughtUp,
                    () -> ActionWaits.describe(service.ledger(), kafka, topics));
            ActionWaits.until("both requests leave the approved and automatic phases",
                    () -> service.ledger().all().stream().noneMatch(r -> r.phase().executable()),
                    () -> ActionWaits.describe(service.ledger(), kafka, topics));
            service.drainExecutions();

            assertThat(applied).as("nothing executes in dry-run").isEmpty();
            assertThat(List.of("downsize-auto", "downsize-approved")).allSatisfy(id -> assertThat(service.ledger()
                    .get(id).orElseThrow().phase().wireName()).as(id).isEqualTo("withdrawn"));
        }
        assertThat(kafka.readUntil(topics.audit(), rs -> rs.stream().filter(r -> r.value().action().equals("withdrawn"))
                .count() >= 2, ActionWaits.PATIENCE).stream().filter(r -> r.value().action().equals("withdrawn")))
                .allSatisfy(r -> assertThat(r.value().message()).contains("actions.dryRun"));
    }
}
