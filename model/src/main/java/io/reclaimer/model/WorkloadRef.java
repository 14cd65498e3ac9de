package io.reclaimer.model;

/** Identity of a workload (Deployment, StatefulSet, DaemonSet, CronJob, bare Pod...): {@code cluster/namespace/kind/name}. */
public record WorkloadRef(String cluster, String namespace, String kind, String name) {

    public WorkloadRef {
        Require.segment(cluster, "cluster");
        Require.segment(namespace, "namespace");
        Require.segment(kind, "kind");
        Require.segment(name, "name");
    }

    public String key() {
        return cluster + '/' + namespace + '/' + kind + '/' + name;
    }

    public ContainerRef container(String container) {
        return new ContainerRef(cluster, namespace, kind, name, container);
    }

    @Override
    public String toString() {
        return key();
    }
}
