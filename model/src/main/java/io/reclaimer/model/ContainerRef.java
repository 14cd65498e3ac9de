package io.reclaimer.model;

/**
 * Identity of one container of a workload. Its key, {@code cluster/namespace/kind/name/container}, is the
 * Kafka key of usage samples, workload specs and recommendations, so they are co-partitioned.
 */
public record ContainerRef(String cluster, String namespace, String workloadKind, String workloadName,
                           String container) {

    public ContainerRef {
        Require.segment(cluster, "cluster");
        Require.segment(namespace, "namespace");
        Require.segment(workloadKind, "workloadKind");
        Require.segment(workloadName, "workloadName");
        Require.segment(container, "container");
    }

    public String key() {
        return cluster + '/' + namespace + '/' + workloadKind + '/' + workloadName + '/' + container;
    }

    public WorkloadRef workload() {
        return new WorkloadRef(cluster, namespace, workloadKind, workloadName);
    }

    public static ContainerRef parse(String key) {
        String[] parts = Require.text(key, "key").split("/", -1);
        if (parts.length != 5) {
            throw new InvalidEventException("container key must be cluster/namespace/kind/name/container: " + key);
        }
        return new ContainerRef(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    @Override
    public String toString() {
        return key();
    }
}
