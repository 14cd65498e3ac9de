package io.reclaimer.collectors.kubernetes.owners;

import io.reclaimer.model.WorkloadRef;

/** The top-level owner of a pod inside its namespace: {@code Deployment/web}, {@code CronJob/backup}, {@code Pod/debug}. */
public record Workload(String kind, String name) {

    public static final String DEPLOYMENT = "Deployment";
    public static final String REPLICA_SET = "ReplicaSet";
    public static final String STATEFUL_SET = "StatefulSet";
    public static final String DAEMON_SET = "DaemonSet";
    public static final String JOB = "Job";
    public static final String CRON_JOB = "CronJob";
    public static final String POD = "Pod";

    public WorkloadRef ref(String cluster, String namespace) {
        return new WorkloadRef(cluster, namespace, kind, name);
    }
}
