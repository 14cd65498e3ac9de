package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.ClaimUse;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes unused PersistentVolumeClaims and released PersistentVolumes without ever destroying data: the
 * volume behind is switched to {@code Retain} first (JSON Patch, tested), so deleting the Kubernetes object
 * leaves the disk in place. The disk, now orphaned, is its own finding ({@code unattached-volume}) whose
 * delete snapshots it first, under its own policy and approval.
 *
 * <p>Only the object that was priced is deleted: its {@code metadata.uid} must be the one the finding recorded (a
 * claim deleted and created again under its name is another claim), and an object a rollback restored is left
 * alone.
 *
 * <p>Rollback creates the object again from the manifest kept in the previous state: a claim bound to the
 * same (retained) volume, or the volume object itself, and restores the original reclaim policy. The object
 * carries the annotation {@code reclaimer.io/restored-from-action}: no policy deletes it again until a person
 * removes it.
 */
public final class VolumeClaimDeleteExecutor implements ActionExecutor {

    static final String MANIFEST = "manifest";
    static final String VOLUME = "persistentVolume";
    static final String RECLAIM_POLICY = "reclaimPolicy";

    private final KubernetesClusters clusters;

    public VolumeClaimDeleteExecutor(KubernetesClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.DELETE && (kind == FindingKind.UNUSED_PVC || kind == FindingKind.RELEASED_PV);
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return true;
    }

    private static ObjectRef ref(ActionRequest request) throws ActionFailedException {
        try {
            return ObjectRef.parse(request.target());
        } catch (InvalidEventException e) {
            throw new ActionFailedException("a Kubernetes delete targets an object key: " + e.getMessage());
        }
    }

    private static boolean claim(ActionRequest request) {
        return request.findingKind() == FindingKind.UNUSED_PVC;
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        ObjectRef ref = ref(request);
        KubernetesClient client = clusters.client(ref.cluster());
        if (claim(request)) {
            PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(ref.namespace()).withName(ref.name()).get();
            if (pvc == null) {
                return Check.done("the claim no longer exists", Map.of());
            }
            Optional<String> refused = KubernetesTargets.refusal(request, ref, pvc);
            if (refused.isPresent()) {
                return Check.changed(refused.get(), KubernetesTargets.observed(pvc));
            }
            List<String> users = mountedBy(client, ref.namespace(), ref.name());
            if (!users.isEmpty()) {
                return Check.changed("the claim is mounted by " + String.join(", ", users));
            }
            Map<String, String> previous = new LinkedHashMap<>();
            previous.put(MANIFEST, Manifests.portable(pvc));
            String volume = pvc.getSpec().getVolumeName();
            if (volume != null && !volume.isEmpty()) {
                previous.put(VOLUME, volume);
                PersistentVolume pv = client.persistentVolumes().withName(volume).get();
                if (pv != null) {
                    previous.put(RECLAIM_POLICY, pv.getSpec().getPersistentVolumeReclaimPolicy());
                }
            }
            return Check.original(previous, planned(previous)).withFacts(Workloads.facts(pvc));
        }
        PersistentVolume pv = client.persistentVolumes().withName(ref.name()).get();
        if (pv == null) {
            return Check.done("the volume object no longer exists", Map.of());
        }
        Optional<String> refused = KubernetesTargets.refusal(request, ref, pv);
        if (refused.isPresent()) {
            return Check.changed(refused.get(), KubernetesTargets.observed(pv));
        }
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        if (!"Released".equals(phase)) {
            return Check.changed("the volume is " + phase + ", not Released");
        }
        Map<String, String> previous = new LinkedHashMap<>();
        previous.put(MANIFEST, Manifests.portable(pv));
        previous.put(VOLUME, ref.name());
        previous.put(RECLAIM_POLICY, pv.getSpec().getPersistentVolumeReclaimPolicy());
        return Check.original(previous, planned(previous)).withFacts(Workloads.facts(pv));
    }

    private static Map<String, String> planned(Map<String, String> previous) {
        Map<String, String> planned = new LinkedHashMap<>();
        planned.put("state", "deleted");
        if (previous.containsKey(VOLUME)) {
            planned.put(VOLUME, previous.get(VOLUME));
            planned.put(RECLAIM_POLICY, "Retain");
        }
        return planned;
    }

    /** Pods that use the claim, by the definition the collector's {@code mountedByPods} uses ({@link ClaimUse}). */
    private static List<String> mountedBy(KubernetesClient client, String namespace, String claim) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> ClaimUse.holdsVolumes(p.getStatus() == null ? null : p.getStatus().getPhase()))
                .filter(p -> p.getSpec() != null && p.getSpec().getVolumes() != null && p.getSpec().getVolumes().stream()
                        .anyMatch(v -> claim.equals(ClaimUse.claimName(p.getMetadata().getName(), v.getName(),
                                v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName(),
                                v.getEphemeral() != null))))
                .map(Pod::getMetadata).map(m -> "pod " + m.getName()).toList();
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws ActionFailedException {
        ObjectRef ref = ref(request);
        KubernetesClient client = clusters.client(ref.cluster());
        String volume = check.previousState().get(VOLUME);
        String policy = check.previousState().get(RECLAIM_POLICY);
        if (volume != null && policy != null && !"Retain".equals(policy)) {
            // deleting the object must never delete the disk: that is the unattached-volume action's job
            Workloads.patch(client.persistentVolumes().withName(volume), JsonPatch.create()
                    .test("/spec/persistentVolumeReclaimPolicy", policy)
                    .replace("/spec/persistentVolumeReclaimPolicy", "Retain"));
        }
        if (claim(request)) {
            client.persistentVolumeClaims().inNamespace(ref.namespace()).withName(ref.name()).delete();
        } else {
            client.persistentVolumes().withName(ref.name()).delete();
        }
        return check.plannedState();
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        ObjectRef ref = ref(request);
        KubernetesClient client = clusters.client(ref.cluster());
        boolean exists = claim(request)
                ? client.persistentVolumeClaims().inNamespace(ref.namespace()).withName(ref.name()).get() != null
                : client.persistentVolumes().withName(ref.name()).get() != null;
        if (exists) {
            return Check.done("the object exists again", Map.of());
        }
        if (claim(request) && executed.previousState().containsKey(VOLUME)
                && client.persistentVolumes().withName(executed.previousState().get(VOLUME)).get() == null) {
            return Check.changed("the volume " + executed.previousState().get(VOLUME) + " the claim was bound to is gone");
        }
        return Check.original(executed.newState(), executed.previousState());
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        ObjectRef ref = ref(request);
        KubernetesClient client = clusters.client(ref.cluster());
        String manifest = executed.previousState().get(MANIFEST);
        if (manifest == null) {
            throw new ActionFailedException("the previous state holds no manifest to restore");
        }
        String volume = executed.previousState().get(VOLUME);
        if (claim(request)) {
            PersistentVolumeClaim pvc = Manifests.read(manifest, PersistentVolumeClaim.class);
            if (pvc.getStatus() != null) {
                pvc.setStatus(null);
            }
            KubernetesTargets.markRestored(pvc, request.actionId());
            if (volume != null) {
                PersistentVolume pv = client.persistentVolumes().withName(volume).get();
                if (pv != null && pv.getSpec().getClaimRef() != null) {
                    // a released volume still points at the deleted claim's uid: free it for the new claim
                    Workloads.patch(client.persistentVolumes().withName(volume), JsonPatch.create().remove("/spec/claimRef"));
                }
            }
            client.persistentVolumeClaims().inNamespace(ref.namespace()).resource(pvc).create();
        } else {
            PersistentVolume pv = Manifests.read(manifest, PersistentVolume.class);
            pv.setStatus(null);
            KubernetesTargets.markRestored(pv, request.actionId());
            ObjectReference claimRef = pv.getSpec().getClaimRef();
            if (claimRef != null) {
                pv.getSpec().setClaimRef(null);
            }
            client.persistentVolumes().resource(pv).create();
        }
        String policy = executed.previousState().get(RECLAIM_POLICY);
        if (volume != null && policy != null && !"Retain".equals(policy)) {
            Workloads.patch(client.persistentVolumes().withName(volume), JsonPatch.create()
                    .replace("/spec/persistentVolumeReclaimPolicy", policy));
        }
        Map<String, String> restored = new LinkedHashMap<>();
        restored.put("state", "restored");
        restored.put(ReclaimerLabels.RESTORED_FROM, request.actionId());
        if (volume != null) {
            restored.put(VOLUME, volume);
        }
        if (policy != null) {
            restored.put(RECLAIM_POLICY, policy);
        }
        return restored;
    }
}
