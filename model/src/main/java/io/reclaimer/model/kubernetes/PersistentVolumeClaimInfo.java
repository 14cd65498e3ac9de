package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A PVC and the pods that mount it right now (empty: nobody does); {@code uid} is its metadata.uid ("" when unknown). */
@JsonTypeName("pvc/v1")
public record PersistentVolumeClaimInfo(ObjectRef ref, String phase, String storageClass, long requestedBytes,
                                        String volumeName, List<String> mountedByPods, Map<String, String> labels,
                                        Map<String, String> annotations, Instant createdAt, Instant observedAt,
                                        @AddedLater("issue 13: the object's metadata.uid, \"\" when not reported") String uid)
        implements KubernetesObject {

    public PersistentVolumeClaimInfo(ObjectRef ref, String phase, String storageClass, long requestedBytes,
                                     String volumeName, List<String> mountedByPods, Map<String, String> labels,
                                     Map<String, String> annotations, Instant createdAt, Instant observedAt) {
        this(ref, phase, storageClass, requestedBytes, volumeName, mountedByPods, labels, annotations, createdAt,
                observedAt, null);
    }

    public PersistentVolumeClaimInfo {
        Require.present(ref, "ref");
        Require.text(phase, "phase");
        storageClass = storageClass == null ? "" : storageClass;
        Require.nonNegative(requestedBytes, "requestedBytes");
        volumeName = volumeName == null ? "" : volumeName;
        mountedByPods = Require.list(mountedByPods, "mountedByPods");
        labels = Require.map(labels, "labels");
        annotations = Require.map(annotations, "annotations");
        Require.present(createdAt, "createdAt");
        Require.present(observedAt, "observedAt");
        uid = uid == null ? "" : uid;
    }
}
