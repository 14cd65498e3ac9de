package io.reclaimer.collectors.kubernetes.owners;

import io.reclaimer.model.WorkloadRef;
import java.util.Optional;

/** The workload owning a pod that exists now, as one cluster's informers know it. */
public interface PodOwners {

    Optional<WorkloadRef> ownerOf(String namespace, String pod);

    /** Whether a workload object of this kind and name exists now (Deployment, StatefulSet, DaemonSet, CronJob, Job, ReplicaSet). */
    boolean workloadExists(String namespace, String kind, String name);

    /** The controller owner ({@code Kind/name}) of a ReplicaSet or Job that exists now, if it has one. */
    Optional<Workload> controllerOf(String namespace, String kind, String name);
}
