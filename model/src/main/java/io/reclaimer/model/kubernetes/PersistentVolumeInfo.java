package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.Map;

/**
 * A PV. {@code cloudVolumeId} is the EBS volume behind it ({@code vol-...}) when the CSI driver or the
 * in-tree plugin says so, which lets findings link a released PV to the volume that is still billed.
 */
@JsonTypeName("pv/v1")
public record PersistentVolumeInfo(ObjectRef ref, String phase, long capacityBytes, String storageClass,
                                   String reclaimPolicy, String claimRef, String cloudVolumeId,
                                   Map<String, String> labels, Instant createdAt, Instant observedAt)
        implements KubernetesObject {

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
    }
}
