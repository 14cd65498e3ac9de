package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MockApiServer.class)
class VolumeClaimDeleteExecutorTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    /** The requests the API server received since the last call that were not reads (every call is recorded). */
    private static List<String> writesSinceLastCall() throws InterruptedException {
        List<String> writes = new ArrayList<>();
        for (var request = server.takeRequest(50, TimeUnit.MILLISECONDS); request != null;
             request = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
            if (!"GET".equals(request.getMethod())) {
                writes.add(request.getMethod() + " " + request.getPath());
            }
        }
        return writes;
    }

    private VolumeClaimDeleteExecutor executor() {
        return new VolumeClaimDeleteExecutor(cluster -> client);
    }

    /** A delete of the object as it is now: the finding priced it with its current uid. */
    private static ActionRequest delete(FindingKind kind, String target) {
        ObjectRef ref = ObjectRef.parse(target);
        var object = kind == FindingKind.UNUSED_PVC
                ? client.persistentVolumeClaims().inNamespace(ref.namespace()).withName(ref.name()).get()
                : client.persistentVolumes().withName(ref.name()).get();
        return deleteOf(kind, target, object == null ? "" : object.getMetadata().getUid());
    }

    private static ActionRequest deleteOf(FindingKind kind, String target, String uid) {
        return new ActionRequest("delete-" + target.hashCode(), ActionType.DELETE, "f", kind, target, "prod-eu", "", "", "",
                Map.of(), Map.of("state", "deleted"), 5, null, verdict(Outcome.AUTO, Map.of()), T0,
                TargetIdentity.Kubernetes.of(ObjectRef.parse(target), uid));
    }

    private void claimOnVolume(String namespace, String claim, String volume, String policy) {
        client.resource(new PersistentVolumeBuilder().withNewMetadata().withName(volume).endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("10Gi"))).withPersistentVolumeReclaimPolicy(policy)
                .withNewCsi().withDriver("ebs.csi.aws.com").withVolumeHandle("vol-0" + volume.hashCode()).endCsi()
                .withNewClaimRef().withNamespace(namespace).withName(claim).withUid("uid-1").endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build()).create();
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(claim).withNamespace(namespace)
                .addToLabels("app", "reports").endMetadata().withNewSpec().withVolumeName(volume)
                .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("10Gi"))
                .endResources().endSpec().withNewStatus().withPhase("Bound").endStatus().build()).create();
    }

    @Test
    void deletesAnUnusedClaimAfterSettingItsVolumeToRetainAndRestoresItOnRollback() throws Exception {
        claimOnVolume("shop", "reports-data", "pv-reports", "Delete");
        ActionRequest request = delete(FindingKind.UNUSED_PVC, "prod-eu/shop/PersistentVolumeClaim/reports-data");

        Check check = executor().check(request);
        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
        assertThat(check.previousState()).containsEntry("persistentVolume", "pv-reports").containsEntry("reclaimPolicy", "Delete");
        Map<String, String> after = executor().apply(request, check);

        assertThat(client.persistentVolumeClaims().inNamespace("shop").withName("reports-data").get()).isNull();
        PersistentVolume pv = client.persistentVolumes().withName("pv-reports").get();
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).as("the disk is never deleted with the claim")
                .isEqualTo("Retain");
        assertThat(executor().check(request).state()).isEqualTo(Check.State.DONE);

        ActionResult executed = new ActionResult(request.actionId(), ActionResult.Status.EXECUTED, "", check.previousState(),
                after, T0);
        assertThat(executor().checkRollback(request, executed).state()).isEqualTo(Check.State.ORIGINAL);
        executor().rollback(request, executed);

        var restored = client.persistentVolumeClaims().inNamespace("shop").withName("reports-data").get();
        assertThat(restored.getSpec().getVolumeName()).isEqualTo("pv-reports");
        assertThat(restored.getMetadata().getLabels()).containsEntry("app", "reports");
        pv = client.persistentVolumes().withName("pv-reports").get();
        assertThat(pv.getSpec().getClaimRef()).as("freed for the new claim").isNull();
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
        assertThat(restored.getMetadata().getAnnotations()).containsEntry(ReclaimerLabels.RESTORED_FROM, request.actionId());
    }

    @Test
    void aRolledBackClaimIsNeverDeletedAgain() throws Exception {
        claimOnVolume("shop", "cache-data", "pv-cache", "Retain");
        ActionRequest request = delete(FindingKind.UNUSED_PVC, "prod-eu/shop/PersistentVolumeClaim/cache-data");
        Check check = executor().check(request);
        Map<String, String> after = executor().apply(request, check);
        executor().rollback(request, new ActionResult(request.actionId(), ActionResult.Status.EXECUTED, "",
                check.previousState(), after, T0));

        // the restored claim is unused again and matches the same rule: a new finding, a new request, same name
        ActionRequest again = delete(FindingKind.UNUSED_PVC, "prod-eu/shop/PersistentVolumeClaim/cache-data");
        Check refused = executor().check(again);
        assertThat(refused.state()).isEqualTo(Check.State.CHANGED);
        assertThat(refused.reason()).isEqualTo("a rollback of action " + request.actionId() + " restored it (annotation "
                + "reclaimer.io/restored-from-action): it is left alone until a person removes the annotation");
        assertThat(client.persistentVolumeClaims().inNamespace("shop").withName("cache-data").get()).isNotNull();
    }

    @Test
    void aClaimCreatedAgainUnderTheSameNameIsNeverDeleted() throws Exception {
        claimOnVolume("shop", "uploads", "pv-uploads", "Delete");
        String priced = client.persistentVolumeClaims().inNamespace("shop").withName("uploads").get().getMetadata().getUid();
        assertThat(priced).as("the API server gives every object a uid").isNotBlank();
        ActionRequest stale = deleteOf(FindingKind.UNUSED_PVC, "prod-eu/shop/PersistentVolumeClaim/uploads", "uid-of-a-claim-"
                + "deleted-since");
        writesSinceLastCall();

        Check check = executor().check(stale);
        assertThat(writesSinceLastCall()).as("no mutating call").isEmpty();

        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).contains("not the object the finding priced").contains("has uid " + priced)
                .contains("the finding priced uid uid-of-a-claim-deleted-since");
        assertThat(client.persistentVolumeClaims().inNamespace("shop").withName("uploads").get()).isNotNull();
        assertThat(client.persistentVolumes().withName("pv-uploads").get().getSpec().getPersistentVolumeReclaimPolicy())
                .as("not even the reclaim policy was touched").isEqualTo("Delete");
    }

    @Test
    void aClaimPricedWithoutAUidIsNeverDeleted() throws Exception {
        claimOnVolume("shop", "legacy", "pv-legacy", "Retain");
        ActionRequest legacy = new ActionRequest("delete-legacy", ActionType.DELETE, "f", FindingKind.UNUSED_PVC,
                "prod-eu/shop/PersistentVolumeClaim/legacy", "prod-eu", "shop", "", "", Map.of(), Map.of("state", "deleted"),
                5, null, verdict(Outcome.AUTO, Map.of()), T0);
        assertThat(executor().check(legacy).reason()).startsWith("no uid was recorded for PersistentVolumeClaim legacy");
    }

    @Test
    void abortsWhenAPodMountsTheClaimAgain() throws Exception {
        claimOnVolume("batch", "scratch", "pv-scratch", "Retain");
        client.resource(new PodBuilder().withNewMetadata().withName("job-1").withNamespace("batch").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().addNewVolume()
                .withName("data").withNewPersistentVolumeClaim().withClaimName("scratch").endPersistentVolumeClaim()
                .endVolume().endSpec().build()).create();
        Check check = executor().check(delete(FindingKind.UNUSED_PVC, "prod-eu/batch/PersistentVolumeClaim/scratch"));
        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).isEqualTo("the claim is mounted by pod job-1");
    }

    @Test
    void aFinishedPodDoesNotKeepItsClaimInUse() throws Exception {
        // the collector counts only pods that hold their volumes (ClaimUse): a completed Job's pod is no user, so the
        // finding says unused; the re-check must agree instead of aborting for good on the same fact
        claimOnVolume("batch", "results", "pv-results", "Retain");
        client.resource(new PodBuilder().withNewMetadata().withName("report-job-1").withNamespace("batch").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().addNewVolume()
                .withName("data").withNewPersistentVolumeClaim().withClaimName("results").endPersistentVolumeClaim()
                .endVolume().endSpec().withNewStatus().withPhase("Succeeded").endStatus().build()).create();
        Check check = executor().check(delete(FindingKind.UNUSED_PVC, "prod-eu/batch/PersistentVolumeClaim/results"));
        assertThat(check.state()).as(check.reason()).isEqualTo(Check.State.ORIGINAL);
    }

    @Test
    void deletesOnlyAReleasedVolumeObjectAndKeepsTheDisk() throws Exception {
        client.resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv-old").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("50Gi"))).withPersistentVolumeReclaimPolicy("Delete")
                .withNewClaimRef().withNamespace("gone").withName("old").endClaimRef().endSpec()
                .withNewStatus().withPhase("Released").endStatus().build()).create();
        client.resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv-bound").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("50Gi"))).endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build()).create();
        ActionRequest released = delete(FindingKind.RELEASED_PV, "prod-eu//PersistentVolume/pv-old");

        assertThat(executor().check(delete(FindingKind.RELEASED_PV, "prod-eu//PersistentVolume/pv-bound")).reason())
                .isEqualTo("the volume is Bound, not Released");
        Check check = executor().check(released);
        Map<String, String> after = executor().apply(released, check);
        assertThat(client.persistentVolumes().withName("pv-old").get()).isNull();
        assertThat(after).containsEntry("reclaimPolicy", "Retain");

        executor().rollback(released, new ActionResult(released.actionId(), ActionResult.Status.EXECUTED, "",
                check.previousState(), after, T0));
        PersistentVolume back = client.persistentVolumes().withName("pv-old").get();
        assertThat(back.getSpec().getCapacity()).containsEntry("storage", new Quantity("50Gi"));
        assertThat(back.getSpec().getClaimRef()).isNull();
    }
}
