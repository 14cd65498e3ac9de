package io.reclaimer.actions.flow;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import java.util.Map;
import java.util.Optional;

/**
 * Which workload kinds a downsize can change, decided at planning so an approver is never asked for a change
 * that would fail at execution. Deployments, StatefulSets, DaemonSets and CronJobs (their job template: the next
 * run gets the new requests) are edited; the others are refused with the reason.
 */
final class DownsizeTargets {

    private static final Map<String, String> REFUSED = Map.of(
            "Job", "a Job's pod template cannot be changed once created (Kubernetes refuses it): size the CronJob or "
                    + "the manifest that creates it",
            "Rollout", "Argo Rollouts are not edited live (a live edit starts a rollout outside its strategy's control): "
                    + "change the Rollout in Git (reclaimer gitops patch, or actions.gitops for a pull request)",
            "ReplicaSet", "a ReplicaSet is owned by its Deployment: downsize the Deployment",
            "Pod", "a bare Pod's resources cannot be changed in place: change what creates it");

    private DownsizeTargets() {
    }

    /** Why the container's workload cannot be downsized live; empty when it can. */
    public static Optional<String> refusal(String containerKey) {
        String kind;
        try {
            kind = ContainerRef.parse(containerKey).workloadKind();
        } catch (InvalidEventException e) {
            return Optional.of("a downsize targets a container key: " + e.getMessage());
        }
        return switch (kind) {
            case "Deployment", "StatefulSet", "DaemonSet", "CronJob" -> Optional.empty();
            default -> Optional.of("not downsized: " + REFUSED.getOrDefault(kind, "workloads of kind " + kind
                    + " are not edited (Deployments, StatefulSets, DaemonSets and CronJobs are)"));
        };
    }
}
