package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.Map;

/**
 * A PV. {@code cloudVolumeId} is the EBS volume behind it ({@code vol-...}) when the CSI driver or the
 * in-tree plugin says so, which lets findings link a released PV to the volume that is still billed.
 * {@code uid} is its metadata.uid ("" when unknown); {@code annotations} carry, among others, the mark a
 * rollback leaves on a volume object it re-created.
 */
@JsonTypeName("pv/v1")
public record PersistentVolumeInfo(ObjectRef ref, String phase, long capacityBytes, String storageClass,
                                   String reclaimPolicy, String claimRef, String cloudVolumeId,
                                   Map<String, String> labels, Instant createdAt, Instant observedAt,
                                   @AddedLater("issue 13: the object's metadata.uid, \"\" when not reported") String uid,
                                   @AddedLater("issue 13: annotations, for opt-outs and rollback marks")
                                   Map<String, String> annotations)
        implements KubernetesObject {

    public PersistentVolumeInfo(ObjectRef ref, String phase, long capacityBytes, String storageClass,
                                String reclaimPolicy, String claimRef, String cloudVolumeId, Map<String, String> labels,
                                Instant createdAt, Instant observedAt) {
        this(ref, phase, capacityBytes, storageClass, reclaimPolicy, claimRef, cloudVolumeId, labels, createdAt,
                observedAt, null, null);
    }

    public PersistentVolumeInfo {
        Require.present(ref, "ref");
        Require.text(phase, "phase");
        Require.nonNegative(capacityBytes, "capacityBytes");
        storageClass = storageClass == null ? "" : storageClass;
        reclaimPolicy = reclaimPolicy == null ? "" : reclaimPolicy;
        claimRef = claimRef == null ? "" : claimRef;
        cloudVolumeId = cloudVolumeId == null ? "" : cloudVolumeId;
        labels = Require.map(labels, "labels");
        Require.present(createdAt, "createdAt");
        Require.present(observedAt, "observedAt");
        uid = uid == null ? "" : uid;
        annotations = Require.map(annotations, "annotations");
    }
}
