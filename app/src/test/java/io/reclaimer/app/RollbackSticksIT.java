package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.ActionsService;
import io.reclaimer.actions.aws.SdkAwsClients;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.rollback.Rollbacks;
import io.reclaimer.app.runtime.PolicyEngineGate;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.AwsCollectorConfig;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.model.aws.AwsAccount;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.orphans.OrphanDetection;
import io.reclaimer.streams.waste.WasteConfig;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import io.reclaimer.testkit.aws.FakeAws;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Issue 13, end to end on the real broker: the AWS collector lists a stateful local AWS into Kafka, the
 * analysis finds the unattached volume, the actions service deletes it under an automatic policy (after a
 * completed snapshot), a person rolls the delete back, and through several more inventory and action cycles the
 * restored volume (unattached, tagged like the original, matched by the same rule) is judged again and again
 * and never deleted; the pre-delete snapshot is never reported as an orphan meanwhile.
 */
@ExtendWith(KafkaExtension.class)
class RollbackSticksIT {

    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final String ACCOUNT = FakeAws.ACCOUNT;
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeAws.ACCESS_KEY, "secret"));
    private static final String POLICIES = """
            apiVersion: reclaimer.io/v1
            kind: Guardrails
            metadata: {name: e2e}
            spec:
              markForOp: {minGraceDays: 0}
            ---
            apiVersion: reclaimer.io/v1
            kind: Policy
            metadata: {name: orphans}
            spec:
              rules:
                - name: delete-unattached-volumes
                  match: {kinds: [unattached-volume]}
                  decision: auto
                  parameters: {snapshot: true}
            """;

    @Test
    void aRolledBackVolumeIsStillThereAfterSeveralInventoryAndActionCycles(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        Topics topics = kafka.createTopics("rollback-sticks");
        Path policies = Files.writeString(dir.resolve("policies.yaml"), POLICIES);
        // volumes and snapshots are waste from their first observation here: only the rollback mark and the
        // rollback window stand between them and a delete
        WasteConfig waste = WasteConfig.DEFAULTS.withThresholds(new WasteConfig.Thresholds(0, null, null, 0, null, null,
                null, null, null));
        AwsCollectorConfig collection = new AwsCollectorConfig(List.of(new AwsCollectorConfig.Account(ACCOUNT, null, null,
                null)), List.of("eu-west-1"), null, null, new AwsCollectorConfig.Billing(false, null, null, null, null, null),
                new AwsCollectorConfig.Retry(3, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(50)), null);
        CountingGate judged = new CountingGate(PolicyEngineGate.load(policies));

        try (FakeAws aws = FakeAws.start()) {
            aws.volume("vol-0e2e000000000001", "available", Map.of("team", "analytics", "Name", "old-reports"));
            String volumeKey = "aws/" + ACCOUNT + "/eu-west-1/vol-0e2e000000000001";
            ActionsConfig actions = ActionsConfig.DEFAULTS.withPolicyDirectory(policies)
                    .withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1)).withEvaluationInterval(Duration.ofSeconds(2))
                    .withTransactionalId("rollback-sticks-" + topics.namespace())
                    .withAws(new ActionsConfig.Aws(aws.endpoint(), Duration.ofMillis(200), Duration.ofMinutes(5)));
            List<AwsAccount> accounts = collection.withEndpointUrl(aws.endpoint()).access();

            try (AnalysisService analysis = new AnalysisService(AnalysisTopology.build(topics,
                    List.of(new OrphanDetection(waste))), AnalysisService.properties(kafka.client(), topics,
                    AnalysisConfig.DEFAULTS.withStateDir(dir.resolve("streams"))
                            .withApplicationId("rollback-sticks-" + topics.namespace()), Map.of()));
                 SdkAwsClients actionClients = new SdkAwsClients(actions.aws(), accounts, CREDENTIALS);
                 ActionsService service = ActionsService.builder(kafka.client(), topics, actions).gate(judged.proxy)
                         .aws(actionClients).registry(new PrometheusRegistry()).environment(Map.of()).start();
                 KafkaEventSink sink = KafkaEventSink.connect(kafka.client(), "rollback-sticks-collector", Map.of());
                 AwsCollector collector = AwsCollector.create(collection.withEndpointUrl(aws.endpoint()), CREDENTIALS, topics,
                         new PrometheusRegistry(), PriorState.empty(), Clock.systemUTC())) {
                analysis.start();
                ActionLedger ledger = service.ledger();

                // 1. inventory -> finding -> auto delete, after a completed snapshot
                collector.collectOnce(sink);
                until("the volume's delete is executed", () -> deleteOf(ledger, volumeKey)
                        .map(r -> r.phase() == Phase.EXECUTED).orElse(false), () -> describe(ledger, aws, kafka, topics));
                ActionRecord delete = deleteOf(ledger, volumeKey).orElseThrow();
                assertThat(aws.volumes).doesNotContainKey("vol-0e2e000000000001");
                String snapshotId = delete.last(io.reclaimer.model.actions.ActionResult.Status.EXECUTED).orElseThrow()
                        .newState().get("snapshotId");
                assertThat(aws.snapshots.get(snapshotId)).containsEntry("state", "completed");
                assertThat(aws.actions()).containsSubsequence("CreateSnapshot", "DeleteVolume");

                // 2. the volume is gone from the inventory, its snapshot is listed: the safety net is no orphan
                collector.collectOnce(sink);
                until("the deleted volume's finding is resolved", () -> !findings(kafka, topics).containsKey(
                        Finding.idFor(FindingKind.UNATTACHED_VOLUME, volumeKey)), () -> describe(ledger, aws, kafka, topics));

                // 3. a person rolls the delete back, as `reclaimer rollback` does, while the service runs
                ActionRecord rolledBack;
                try (SdkAwsClients rollbackClients = new SdkAwsClients(actions.aws(), accounts, CREDENTIALS)) {
                    rolledBack = Rollbacks.rollback(kafka.client(), topics, actions, delete.actionId(), "cli:alice",
                            null, rollbackClients, Map.of(), Clock.systemUTC());
                }
                assertThat(rolledBack.phase()).isEqualTo(Phase.ROLLED_BACK);
                String restored = rolledBack.lastResult().orElseThrow().newState().get("volumeId");
                String restoredKey = "aws/" + ACCOUNT + "/eu-west-1/" + restored;
                String restoredFinding = Finding.idFor(FindingKind.UNATTACHED_VOLUME, restoredKey);
                assertThat(aws.tags.get(restored)).containsEntry("team", "analytics")
                        .containsEntry("reclaimer:restored-from-action", delete.actionId());

                // 4. several inventory and action cycles: the restored volume is unattached, a finding, and judged
                for (int cycle = 1; cycle <= 3; cycle++) {
                    collector.collectOnce(sink);
                    int seen = judged.times(restoredFinding);
                    until("the actions service judges the restored volume's finding again (inventory cycle " + cycle + ")",
                            () -> judged.times(restoredFinding) >= seen + 2, () -> describe(ledger, aws, kafka, topics));
                }

                assertThat(aws.volumes).as("the restored volume survived every cycle").containsKey(restored);
                assertThat(aws.callsIn(ACCOUNT)).noneMatch(c -> c.action().equals("DeleteVolume")
                        && restored.equals(c.params().get("VolumeId")));
                assertThat(ledger.all()).noneMatch(r -> r.request().target().equals(restoredKey));
                assertThat(findings(kafka, topics)).as("judged as a finding, refused by the policies")
                        .containsKey(restoredFinding)
                        .doesNotContainKey(Finding.idFor(FindingKind.ORPHANED_SNAPSHOT,
                                "aws/" + ACCOUNT + "/eu-west-1/" + snapshotId));
                assertThat(kafka.describeTopic(topics.audit(), 200)).anyMatch(e -> e.contains("not-proposed")
                        && e.contains(restoredFinding) && e.contains("a rollback restored this resource"));
            }
        }
    }

    private static java.util.Optional<ActionRecord> deleteOf(ActionLedger ledger, String target) {
        return ledger.all().stream().filter(r -> r.request().target().equals(target)).findFirst();
    }

    private static Map<String, Finding> findings(KafkaTestCluster kafka, Topics topics) {
        return CompactedTopicReader.readAll(kafka.client(), topics.findings(), Duration.ofSeconds(30));
    }

    private static void until(String what, Callable<Boolean> condition, Supplier<String> context) {
        try {
            await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + PATIENCE + ": " + what + "\n" + context.get(), e);
        }
    }

    private static String describe(ActionLedger ledger, FakeAws aws, KafkaTestCluster kafka, Topics topics) {
        return "ledger: " + ledger.all().stream().map(r -> r.actionId() + " " + r.request().target() + " " + r.phase()
                + " " + r.results().stream().map(x -> x.status() + " '" + x.reason() + "'").toList()).toList()
                + "\nAWS calls: " + aws.calls + "\nvolumes: " + aws.volumes.keySet() + "\nlast audit events:\n  "
                + String.join("\n  ", kafka.describeTopic(topics.audit(), 12));
    }

    /**
     * The real policy gate, counting how often each finding was judged: proof that the actions service kept
     * evaluating the restored volume (a proxy, so it forwards whatever the gate interface holds).
     */
    private static final class CountingGate {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final PolicyGate proxy;

        CountingGate(PolicyGate real) {
            proxy = (PolicyGate) Proxy.newProxyInstance(PolicyGate.class.getClassLoader(), new Class<?>[] {PolicyGate.class},
                    (self, method, args) -> {
                        if (method.getName().equals("plan") && args != null && args[0] instanceof List<?> findings) {
                            findings.forEach(f -> counts.computeIfAbsent(((Finding) f).id(), k -> new AtomicInteger())
                                    .incrementAndGet());
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        int times(String findingId) {
            AtomicInteger count = counts.get(findingId);
            return count == null ? 0 : count.get();
        }
    }
}
