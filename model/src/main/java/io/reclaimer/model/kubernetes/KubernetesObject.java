package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.reclaimer.model.Event;
import io.reclaimer.model.ObjectRef;

/**
 * Everything on the compacted Kubernetes inventory topic besides workload containers, keyed by
 * {@link ObjectRef#key()}. A tombstone (null value) means the object was deleted.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(NodeInfo.class),
    @JsonSubTypes.Type(NamespaceInfo.class),
    @JsonSubTypes.Type(PersistentVolumeClaimInfo.class),
    @JsonSubTypes.Type(PersistentVolumeInfo.class),
    @JsonSubTypes.Type(ServiceInfo.class),
})
public sealed interface KubernetesObject extends Event
        permits NodeInfo, NamespaceInfo, PersistentVolumeClaimInfo, PersistentVolumeInfo, ServiceInfo {

    ObjectRef ref();
}
