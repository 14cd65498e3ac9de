package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.ActionsService;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.app.runtime.ActionsWiring;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, on the real broker: the policy set in force is the one in the policy directory now, not the one the
 * service started with. The directory is mounted as Kubernetes mounts a ConfigMap and changed the way the kubelet
 * changes it (a {@code ..data} symlink swap), while the service runs and without a restart:
 * <ul>
 *   <li>an automatic delete the first set allowed, already past its pre-check when the set changes to deny it,
 *       is withdrawn at its instant of acting and never reaches the target;</li>
 *   <li>a finding the first set denied is proposed and executed once the new set allows it;</li>
 *   <li>an invalid set holds everything and is reported; a valid one after it is in force again.</li>
 * </ul>
 */
@ExtendWith(KafkaExtension.class)
class PolicyReloadIT {

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final CountDownLatch inCheck = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger generation = new AtomicInteger();

    private static String policies(String teamA, String teamB) {
        return """
                apiVersion: reclaimer.io/v1
                kind: Guardrails
                metadata: {name: guardrails}
                spec:
                  defaultDecision: deny
                  markForOp: {minGraceDays: 0}
                  blastRadius: {maxPercent: 100}   # every finding of the test is judged in one run after a reload
                ---
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: orphans}
                spec:
                  rules:
                    - name: team-a-volumes
                      match: {kinds: [unattached-volume], tags: {team: a}}
                      decision: %s
                      parameters: {snapshot: true}
                    - name: team-b-volumes
                      match: {kinds: [unattached-volume], tags: {team: b}}
                      decision: %s
                      parameters: {snapshot: true}
                """.formatted(teamA, teamB);
    }

    /** Volume deletes are recorded, not made; the first check of team a's volume waits until the test lets it go. */
    private final ActionExecutor recording = new ActionExecutor() {
        @Override
        public boolean handles(ActionType type, FindingKind kind) {
            return type == ActionType.DELETE && kind == FindingKind.UNATTACHED_VOLUME;
        }

        @Override
        public Check check(ActionRequest request) {
            if (request.target().endsWith("/vol-team-a") && inCheck.getCount() > 0) {
                inCheck.countDown();
                try {
                    if (!release.await(5, TimeUnit.MINUTES)) {
                        return Check.changed("the test never released the check");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Check.changed("interrupted");
                }
            }
            return Check.original(Map.of("state", "available"), Map.of("state", "deleted"));
        }

        @Override
        public Map<String, String> apply(ActionRequest request, Check check) {
            applied.add(request.target());
            return Map.of("state", "deleted");
        }
    };

    @Test
    void aChangedPolicyDirectoryIsInForceAtTheNextSideEffectWithoutARestart(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        Topics topics = kafka.createTopics("policy-reload");
        Path mount = Files.createDirectory(dir.resolve("policies"));
        publish(mount, policies("auto", "deny"));
        ActionsConfig config = ActionsConfig.DEFAULTS.withPolicyDirectory(mount)
                .withIntervals(Duration.ofMillis(200), Duration.ofMillis(500))
                .withPolicyReloadInterval(Duration.ofMillis(300))
                .withIntegrityKeyFile(dir.resolve("integrity.key"))
                .withTransactionalId("it-" + topics.namespace());
        Finding teamA = volume("vol-team-a", "a");
        Finding teamB = volume("vol-team-b", "b");

        try (ActionsService service = ActionsService.builder(kafka.client(), topics, config)
                .gate(ActionsWiring.gate(config)).executors(List.of(recording)).registry(new PrometheusRegistry())
                .environment(Map.of()).start()) {
            ActionLedger ledger = service.ledger();
            Supplier<String> context = () -> describe(ledger, kafka, topics) + "\napplied: " + applied
                    + "\nproblem: " + service.problem();
            kafka.send(topics.findings(), teamA.id(), teamA);
            kafka.send(topics.findings(), teamB.id(), teamB);

            // 1. the first set: team a's volume is deleted automatically (its execution is under way), team b's denied
            until("team a's automatic delete reaches its pre-execution check", () -> inCheck.getCount() == 0, context);
            until("team b's finding is denied by the first set", () -> audit(kafka, topics).stream().anyMatch(e ->
                    e.contains("not-proposed") && e.contains(teamB.id()) && e.contains("denied")), context);
            assertThat(requestOf(ledger, teamB)).isEmpty();

            // 2. the set changes under the running service: a deny for team a, auto for team b
            publish(mount, policies("deny", "auto"));
            until("the changed policy set is reloaded and audited", () -> audit(kafka, topics).stream()
                    .anyMatch(e -> e.contains("policy-reloaded")), context);
            release.countDown();

            until("team a's delete, allowed when it started, is withdrawn at its instant of acting",
                    () -> requestOf(ledger, teamA).map(r -> r.phase() == Phase.WITHDRAWN).orElse(false), context);
            until("team b's delete, denied before, is executed under the new set",
                    () -> requestOf(ledger, teamB).map(r -> r.phase() == Phase.EXECUTED).orElse(false), context);
            assertThat(applied).as("only the target the set in force allowed was changed")
                    .containsExactly(teamB.resource());
            assertThat(requestOf(ledger, teamA).orElseThrow().lastResult().orElseThrow().reason())
                    .contains("deny");

            // 3. an invalid set holds everything and says where it is wrong; a valid one is in force again
            publish(mount, policies("delete-it-all", "auto"));
            until("the invalid set is reported with its file and line", () -> service.problem()
                    .matches("(?s).*policies\\.yaml:\\d+:\\d+.*"), context);
            until("the invalid set is audited", () -> audit(kafka, topics).stream()
                    .anyMatch(e -> e.contains("policy-invalid") && e.contains("policies.yaml:")), context);
            Finding teamBAgain = volume("vol-team-b-2", "b");
            kafka.send(topics.findings(), teamBAgain.id(), teamBAgain);
            publish(mount, policies("deny", "auto") + "# fixed\n");
            until("the fixed set is in force again", () -> service.problem().isEmpty(), context);
            until("team b's new volume is deleted under the fixed set",
                    () -> requestOf(ledger, teamBAgain).map(r -> r.phase() == Phase.EXECUTED).orElse(false), context);
            assertThat(applied).containsExactly(teamB.resource(), teamBAgain.resource());
        }
    }

    private static Finding volume(String id, String team) {
        Instant now = Instant.now();
        String key = "aws/123456789012/eu-west-1/" + id;
        return new Finding(Finding.idFor(FindingKind.UNATTACHED_VOLUME, key), FindingKind.UNATTACHED_VOLUME, key,
                "EbsVolume", id, "aws", "", "", "123456789012", "eu-west-1", 8.0, now.minusSeconds(86400 * 30), now,
                null, Map.of("state", "available", "sizeGib", "100", "volumeType", "gp3"), Map.of(), Map.of(),
                Map.of("team", team));
    }

    /** Writes the set as the kubelet updates a ConfigMap volume: a new hidden directory, then a {@code ..data} swap. */
    private void publish(Path mount, String content) throws Exception {
        Path version = Files.createDirectory(mount.resolve("..2026_12_07_00_00_00." + generation.incrementAndGet()));
        Files.writeString(version.resolve("policies.yaml"), content);
        Path next = Files.createSymbolicLink(mount.resolve("..data_tmp"), version.getFileName());
        Files.move(next, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(mount.resolve("policies.yaml"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(mount.resolve("policies.yaml"), Path.of("..data", "policies.yaml"));
        }
    }

    private static Optional<ActionRecord> requestOf(ActionLedger ledger, Finding finding) {
        return ledger.all().stream().filter(r -> r.request().findingId().equals(finding.id())
                && r.request().type() == ActionType.DELETE).findFirst();
    }

    private static List<String> audit(KafkaTestCluster kafka, Topics topics) {
        return kafka.describeTopic(topics.audit(), 500);
    }

    private static void until(String what, Callable<Boolean> condition, Supplier<String> context) {
        try {
            await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + PATIENCE + ": " + what + "\n" + context.get(), e);
        }
    }

    private static String describe(ActionLedger ledger, KafkaTestCluster kafka, Topics topics) {
        return "ledger: " + ledger.all().stream().map(r -> r.actionId() + " " + r.request().target() + " " + r.phase()
                + " " + r.results().stream().map(x -> x.status() + " '" + x.reason() + "'").toList()).toList()
                + "\nlast audit events:\n  " + String.join("\n  ", kafka.describeTopic(topics.audit(), 15));
    }
}
