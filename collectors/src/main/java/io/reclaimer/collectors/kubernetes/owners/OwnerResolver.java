package io.reclaimer.collectors.kubernetes.owners;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * Follows ownerReferences from a pod to the workload a person manages: Pod → ReplicaSet → Deployment,
 * Pod → Job → CronJob, Pod → StatefulSet / DaemonSet, and a pod without a controller is its own workload.
 * Owners of other kinds (Argo Rollouts, operators' custom resources) are taken as they are, one level up
 * from a ReplicaSet or Job if that is where they sit.
 */
public final class OwnerResolver {

    /** What the resolver needs from the informers' caches: the ownerReferences of a ReplicaSet or Job, or null if unknown. */
    @FunctionalInterface
    public interface OwnerLookup {
        List<OwnerReference> ownersOf(String kind, String namespace, String name);
    }

    private final OwnerLookup lookup;

    public OwnerResolver(OwnerLookup lookup) {
        this.lookup = lookup;
    }

    public Workload resolve(String namespace, String podName, List<OwnerReference> podOwners) {
        OwnerReference controller = controllerOf(podOwners);
        if (controller == null) {
            return new Workload(Workload.POD, podName);
        }
        String kind = controller.getKind();
        if (Workload.REPLICA_SET.equals(kind) || Workload.JOB.equals(kind)) {
            OwnerReference parent = controllerOf(lookup.ownersOf(kind, namespace, controller.getName()));
            if (parent != null) {
                return new Workload(parent.getKind(), parent.getName());
            }
        }
        return new Workload(kind, controller.getName());
    }

    /** The owner with {@code controller: true}; failing that, the only owner there is. */
    public static OwnerReference controllerOf(List<OwnerReference> owners) {
        if (owners == null || owners.isEmpty()) {
            return null;
        }
        for (OwnerReference owner : owners) {
            if (Boolean.TRUE.equals(owner.getController())) {
                return owner;
            }
        }
        return owners.size() == 1 ? owners.get(0) : null;
    }
}
