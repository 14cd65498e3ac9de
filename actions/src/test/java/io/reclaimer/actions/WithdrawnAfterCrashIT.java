package io.reclaimer.actions;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.aws.FakeAws;
import io.reclaimer.actions.aws.SdkAwsClients;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.ChildJvm;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.audit.AuditEvent;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Issue 13: the service is killed (a child JVM that {@code Runtime.halt}s) in the middle of each destructive
 * executor, with the intent written and the destructive call about to leave: between the completed snapshot
 * and the {@code DeleteVolume} of an EBS volume, at the {@code DeleteLoadBalancer} of an idle load balancer,
 * and at the {@code DELETE} of a PersistentVolumeClaim (its volume already set to Retain). Meanwhile the world
 * changes: the policy now denies the volume, the load balancer's owner tags it {@code reclaimer:exclude}, the
 * claim's owner labels it {@code reclaimer.io/exclude}. The restarted service finds the interrupted intent,
 * re-checks the target, asks the gate, and ends the action as {@code WITHDRAWN} (audited with the reason and
 * the rule) instead of completing it: the destructive call never reaches the local AWS server or the mock API
 * server. AWS answers in the real EC2/ELBv2 formats ({@link FakeAws}); Kubernetes is fabric8's CRUD mock.
 */
@ExtendWith(KafkaExtension.class)
@ExtendWith(MockApiServer.class)
class WithdrawnAfterCrashIT {

    private static final String ACCOUNT = "123456789012";

    KubernetesClient client;
    KubernetesMockServer server;

    private FakeAws aws;
    private final List<RecordedRequest> seen = new ArrayList<>();
    private final Instant now = Instant.now();

    @BeforeEach
    void startAws() throws Exception {
        aws = new FakeAws();
    }

    @AfterEach
    void stopAws() {
        aws.close();
    }

    private Finding finding(FindingKind kind, String resource, String resourceKind, String name, String cluster,
                            String namespace, Map<String, String> evidence) {
        boolean cloud = resource.startsWith("aws/");
        return new Finding(Finding.idFor(kind, resource), kind, resource, resourceKind, name, cloud ? "aws" : "kubernetes",
                cluster, namespace, cloud ? ACCOUNT : "", cloud ? "eu-west-1" : "", 12.0, now.minus(Duration.ofDays(30)),
                now, null, evidence, Map.of(), Map.of(), Map.of());
    }

    private void crash(KafkaTestCluster kafka, Topics topics, String dieOn, boolean kubernetes) throws Exception {
        ChildJvm.runUntilExit(HaltingActionsMain.class, Path.of("target", "withdrawn-after-crash", dieOn + ".log"),
                HaltingActionsMain.HALT_STATUS, kafka.bootstrapServers(), topics.namespace(), "it-" + topics.namespace(),
                kubernetes ? client.getMasterUrl().toString() : "-", aws.endpoint().toString(), dieOn);
    }

    /** The service restarted in this JVM under {@code policy}, on the real AWS and Kubernetes executors. */
    private ActionsService restart(KafkaTestCluster kafka, Topics topics, PolicyGate policy) {
        ActionsConfig config = new ActionsConfig(null, false, null, null, Duration.ofMillis(200), null,
                Duration.ofMillis(500), "it-" + topics.namespace(), null, null, null,
                new ActionsConfig.Aws(aws.endpoint(), Duration.ofMillis(50), Duration.ofMinutes(2)));
        return ActionsService.builder(kafka.client(), topics, config)
                .gate(policy)
                .kubernetes(cluster -> client)
                .aws(new SdkAwsClients(config.aws(), StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "secret"))))
                .registry(new PrometheusRegistry())
                .start();
    }

    private static String actionOf(KafkaTestCluster kafka, Topics topics, Finding finding) {
        return kafka.readUntil(topics.actionRequests(), rs -> rs.stream().anyMatch(r -> r.value().findingId()
                .equals(finding.id())), ActionWaits.PATIENCE).stream().filter(r -> r.value().findingId()
                .equals(finding.id())).findFirst().orElseThrow().key();
    }

    private static List<Status> results(KafkaTestCluster kafka, Topics topics, String actionId, int count) {
        return kafka.readUntil(topics.actionResults(), rs -> rs.stream().filter(r -> r.key().equals(actionId)).count()
                >= count, ActionWaits.PATIENCE).stream().filter(r -> r.key().equals(actionId))
                .map(ConsumerRecord::value).map(ActionResult::status).toList();
    }

    private static AuditEvent withdrawnEvent(KafkaTestCluster kafka, Topics topics, String actionId) {
        return kafka.readUntil(topics.audit(), rs -> rs.stream().anyMatch(r -> r.value().action().equals("withdrawn")
                        && r.value().subject().equals(actionId)), ActionWaits.PATIENCE).stream().map(ConsumerRecord::value)
                .filter(e -> e.action().equals("withdrawn") && e.subject().equals(actionId)).findFirst().orElseThrow();
    }

    /** Withdrawn after the restart, and nothing else: the intent, then the withdrawal. */
    private AuditEvent awaitWithdrawn(KafkaTestCluster kafka, Topics topics, String actionId, PolicyGate policy) {
        try (ActionsService service = restart(kafka, topics, policy)) {
            ActionWaits.untilPhase(service.ledger(), actionId, Phase.WITHDRAWN, kafka, topics);
            ActionWaits.until("the restarted service catches up", service::caughtUp,
                    () -> ActionWaits.describe(service.ledger(), kafka, topics));
            service.drainExecutions();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(results(kafka, topics, actionId, 2)).containsExactly(Status.STARTED, Status.WITHDRAWN);
        return withdrawnEvent(kafka, topics, actionId);
    }

    private static PolicyGate auto() {
        Instant now = Instant.now();
        return Fixtures.gate(f -> verdict(now, Outcome.AUTO, Map.of("snapshot", "true")));
    }

    @Test
    void aVolumeDeleteKilledBetweenSnapshotAndDeleteIsWithdrawnWhenThePolicyNowDeniesIt(KafkaTestCluster kafka)
            throws Exception {
        Topics topics = kafka.createTopics("crash-volume");
        aws.volume("vol-0crash", "available", Map.of("team", "data"));
        Finding volume = finding(FindingKind.UNATTACHED_VOLUME, "aws/" + ACCOUNT + "/eu-west-1/vol-0crash", "EbsVolume",
                "vol-0crash", "", "", Map.of("state", "available", "sizeGib", "100", "volumeType", "gp3"));
        kafka.send(topics.findings(), volume.id(), volume);

        crash(kafka, topics, "DeleteVolume", false);

        assertThat(aws.actions()).contains("CreateSnapshot").doesNotContain("DeleteVolume");
        String actionId = actionOf(kafka, topics, volume);
        assertThat(results(kafka, topics, actionId, 1)).containsExactly(Status.STARTED);

        // while the service was down the volumes policy changed: this volume is kept now
        PolicyGate denies = Fixtures.gate(f -> new PolicyVerdict(Outcome.DENY, "volumes", "keep-data-volumes",
                List.of("policy 'volumes' rule 'keep-data-volumes' selects this unattached-volume: deny"), List.of(), null,
                Map.of()));
        AuditEvent withdrawn = awaitWithdrawn(kafka, topics, actionId, denies);

        assertThat(aws.actions()).as("no DeleteVolume ever reached AWS").doesNotContain("DeleteVolume");
        assertThat(aws.volumes).containsKey("vol-0crash");
        assertThat(aws.snapshots.values()).as("the snapshot taken before the crash is kept")
                .anySatisfy(s -> assertThat(s).containsEntry("volume", "vol-0crash"));
        assertThat(withdrawn.message()).contains("the policy now says deny");
        assertThat(withdrawn.details()).containsEntry("rule", "volumes/keep-data-volumes");
    }

    @Test
    void aLoadBalancerDeleteKilledMidCallIsWithdrawnOnceItsOwnerTaggedItExclude(KafkaTestCluster kafka) throws Exception {
        Topics topics = kafka.createTopics("crash-lb");
        aws.loadBalancer("idle-lb", 0);
        String arn = aws.loadBalancers.get("idle-lb").get("arn");
        Finding lb = finding(FindingKind.IDLE_LOAD_BALANCER, "aws/" + ACCOUNT + "/eu-west-1/app/idle-lb/50dc6c495c0c9188",
                "LoadBalancer", "idle-lb", "", "", Map.of("type", "application", "name", "idle-lb"));
        kafka.send(topics.findings(), lb.id(), lb);

        crash(kafka, topics, "DeleteLoadBalancer", false);

        assertThat(aws.actions()).doesNotContain("DeleteLoadBalancer");
        String actionId = actionOf(kafka, topics, lb);
        assertThat(results(kafka, topics, actionId, 1)).containsExactly(Status.STARTED);

        // the owner opts the load balancer out on the resource itself; the findings feed has not seen the tag
        aws.tags.get(arn).put("reclaimer:exclude", "true");
        AuditEvent withdrawn = awaitWithdrawn(kafka, topics, actionId, auto());

        assertThat(aws.actions()).as("no DeleteLoadBalancer ever reached AWS").doesNotContain("DeleteLoadBalancer");
        assertThat(aws.loadBalancers).containsKey("idle-lb");
        assertThat(withdrawn.message()).isEqualTo("the target opted out with tag reclaimer:exclude=true (its intent was "
                + "written before a restart or a hold; nothing was changed since)");
        assertThat(withdrawn.details()).containsEntry("rule", "guardrail opt-out");
    }

    @Test
    void aClaimDeleteKilledMidWayIsWithdrawnOnceItsOwnerLabelledItExclude(KafkaTestCluster kafka) throws Exception {
        Topics topics = kafka.createTopics("crash-pvc");
        client.resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv-ledger").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("10Gi"))).withPersistentVolumeReclaimPolicy("Delete")
                .withNewCsi().withDriver("ebs.csi.aws.com").withVolumeHandle("vol-0ledger").endCsi()
                .withNewClaimRef().withNamespace("shop").withName("ledger").withUid("uid-1").endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build()).create();
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("ledger").withNamespace("shop")
                .endMetadata().withNewSpec().withVolumeName("pv-ledger").withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("10Gi")).endResources().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build()).create();
        // as the collector reports it: with the claim's uid, without which no claim is ever deleted
        String uid = client.persistentVolumeClaims().inNamespace("shop").withName("ledger").get().getMetadata().getUid();
        Finding claim = finding(FindingKind.UNUSED_PVC, "prod-eu/shop/PersistentVolumeClaim/ledger",
                "PersistentVolumeClaim", "ledger", "prod-eu", "shop", Map.of("volume", "pv-ledger"))
                .withIdentity(new TargetIdentity.Kubernetes("prod-eu", "shop", "PersistentVolumeClaim", "ledger", uid));
        kafka.send(topics.findings(), claim.id(), claim);

        crash(kafka, topics, "DeletePersistentVolumeClaim", true);

        assertThat(client.persistentVolumes().withName("pv-ledger").get().getSpec().getPersistentVolumeReclaimPolicy())
                .as("the step before the delete was made").isEqualTo("Retain");
        assertThat(client.persistentVolumeClaims().inNamespace("shop").withName("ledger").get()).isNotNull();
        String actionId = actionOf(kafka, topics, claim);
        assertThat(results(kafka, topics, actionId, 1)).containsExactly(Status.STARTED);

        client.persistentVolumeClaims().inNamespace("shop").withName("ledger").edit(pvc -> {
            pvc.getMetadata().setLabels(Map.of("reclaimer.io/exclude", "true"));
            return pvc;
        });
        AuditEvent withdrawn = awaitWithdrawn(kafka, topics, actionId, auto());

        assertThat(client.persistentVolumeClaims().inNamespace("shop").withName("ledger").get()).isNotNull();
        assertThat(deletes("/api/v1/namespaces/shop/persistentvolumeclaims/ledger")).as("no DELETE of the claim").isZero();
        assertThat(withdrawn.message()).startsWith("the target opted out with label reclaimer.io/exclude=true");
        assertThat(withdrawn.details()).containsEntry("rule", "guardrail opt-out");
    }

    /** DELETE requests the API server has received for {@code path} so far. */
    private long deletes(String path) throws InterruptedException {
        int total = server.getRequestCount();
        while (seen.size() < total) {
            seen.add(server.takeRequest(5, TimeUnit.SECONDS));
        }
        return seen.stream().filter(r -> r != null && "DELETE".equals(r.getMethod()) && r.getPath().startsWith(path))
                .count();
    }
}
