package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.Map;

/** A namespace with the labels and annotations that carry ownership, environment and opt-outs. */
@JsonTypeName("namespace/v1")
public record NamespaceInfo(ObjectRef ref, Map<String, String> labels, Map<String, String> annotations,
                            Instant createdAt, Instant observedAt, @AddedLater("issue 13: the object's metadata.uid, \"\" when not reported") String uid) implements KubernetesObject {

    public NamespaceInfo(ObjectRef ref, Map<String, String> labels, Map<String, String> annotations, Instant createdAt,
                         Instant observedAt) {
        this(ref, labels, annotations, createdAt, observedAt, null);
    }

    public NamespaceInfo {
        Require.present(ref, "ref");
        labels = Require.map(labels, "labels");
        annotations = Require.map(annotations, "annotations");
        Require.present(createdAt, "createdAt");
        Require.present(observedAt, "observedAt");
        uid = uid == null ? "" : uid;
    }
}
