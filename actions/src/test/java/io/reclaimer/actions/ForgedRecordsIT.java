package io.reclaimer.actions;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.audit.AuditEvent;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever can write to the action topics still cannot have an action executed: only records signed with the actions
 * service's own key enter its ledger; forged, altered and replayed records are refused and audited.
 */
@ExtendWith(KafkaExtension.class)
class ForgedRecordsIT {

    private static ActionsService start(KafkaTestCluster kafka, Topics topics, Path key) {
        return ActionsService.builder(kafka.client(), topics,
                        ActionsConfig.DEFAULTS.withIntervals(Duration.ofMillis(200), Duration.ofMillis(300))
                                .withTransactionalId("it-" + topics.namespace()).withIntegrityKeyFile(key))
                .gate(Fixtures.gate(f -> verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.1"))))
                .executors(List.of())
                .start();
    }

    @Test
    void forgedAlteredAndReplayedRequestsAreRefusedAndAuditedNeverActedOn(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        Topics topics = kafka.createTopics("forged");
        Path key = dir.resolve("integrity.key");
        String genuineId;
        try (ActionsService service = start(kafka, topics, key)) {
            ActionWaits.patiently().until(service::caughtUp);
            Finding finding = Fixtures.overprovisioned("prod-eu", "shop", "checkout", "app", "0.5", "1000");
            kafka.send(topics.findings(), finding.id(), finding);
            ActionWaits.patiently().until(() -> service.ledger().size() == 1);
            genuineId = service.ledger().all().get(0).actionId();
        }
        List<ConsumerRecord<byte[], byte[]>> written = new ArrayList<>();
        CompactedTopicReader.replayRecords(kafka.client(), topics.actionRequests().name(), Duration.ofMinutes(1),
                written::add);
        assertThat(written).hasSize(1);
        ConsumerRecord<byte[], byte[]> genuine = written.get(0);
        String json = new String(genuine.value(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"DRY_RUN\"");
        byte[] escalated = json.replace("\"DRY_RUN\"", "\"AUTO\"").getBytes(StandardCharsets.UTF_8);
        byte[] forgedId = "forged-action".getBytes(StandardCharsets.UTF_8);
        byte[] forged = json.replace(genuineId, "forged-action").replace("\"DRY_RUN\"", "\"AUTO\"")
                .getBytes(StandardCharsets.UTF_8);

        try (KafkaProducer<byte[], byte[]> attacker = new KafkaProducer<>(kafka.client().clientConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            String topic = topics.actionRequests().name();
            Iterable<Header> copiedHeaders = genuine.headers();
            // an automatic request nobody signed
            attacker.send(new ProducerRecord<>(topic, forgedId, forged)).get(30, TimeUnit.SECONDS);
            // the genuine request escalated to AUTO, under the genuine signature
            attacker.send(new ProducerRecord<>(topic, null, genuine.key(), escalated, copiedHeaders))
                    .get(30, TimeUnit.SECONDS);
            // the genuine record played again
            attacker.send(new ProducerRecord<>(topic, null, genuine.key(), genuine.value(), copiedHeaders))
                    .get(30, TimeUnit.SECONDS);
        }

        try (ActionsService restarted = start(kafka, topics, key)) {
            assertThat(restarted.ledger().get("forged-action")).isEmpty();
            assertThat(restarted.ledger().get(genuineId).orElseThrow().phase()).isEqualTo(Phase.DRY_RUN);
            assertThat(restarted.ledger().get(genuineId).orElseThrow().request().verdict().outcome())
                    .isEqualTo(Outcome.DRY_RUN);
        }
        List<AuditEvent> refused = kafka.readUntil(topics.audit(), records -> records.stream()
                .filter(r -> r.value() != null && r.value().action().equals("record-refused")).count() >= 3,
                Duration.ofMinutes(2)).stream().map(ConsumerRecord::value)
                .filter(e -> e.action().equals("record-refused")).toList();
        assertThat(refused).extracting(AuditEvent::message).containsExactlyInAnyOrder(
                "no integrity tag: not written by the actions service",
                "integrity tag does not match: forged or altered",
                "record id seen before: a replayed copy");
        assertThat(refused).extracting(AuditEvent::subject).contains("forged-action", genuineId);
    }

    @Test
    void aServiceWithAnotherKeyBelievesNoneOfTheRecords(KafkaTestCluster kafka, @TempDir Path dir) {
        Topics topics = kafka.createTopics("forged-key");
        try (ActionsService service = start(kafka, topics, dir.resolve("one.key"))) {
            ActionWaits.patiently().until(service::caughtUp);
            Finding finding = Fixtures.overprovisioned("prod-eu", "shop", "cart", "app", "0.5", "1000");
            kafka.send(topics.findings(), finding.id(), finding);
            ActionWaits.patiently().until(() -> service.ledger().size() == 1);
        }
        try (ActionsService other = start(kafka, topics, dir.resolve("other.key"))) {
            // its own new request for the same finding is written and signed again; the foreign one was refused
            assertThat(kafka.readUntil(topics.audit(), records -> records.stream().anyMatch(r -> r.value() != null
                    && r.value().action().equals("record-refused")), Duration.ofMinutes(2))).isNotEmpty();
        }
    }
}
