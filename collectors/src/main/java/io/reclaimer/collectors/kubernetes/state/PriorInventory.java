package io.reclaimer.collectors.kubernetes.state;

import java.util.Collection;
import java.util.Set;

/**
 * What earlier runs left live on the compacted Kubernetes topics, read once at start-up, per cluster id.
 * Each cluster's published state is seeded with its keys, so an object deleted while no collector was
 * running is tombstoned by the first complete list of that cluster instead of staying on the topic forever.
 */
public interface PriorInventory {

    /** Keys of the workload-spec topic ({@code cluster/namespace/kind/name/container}) live for {@code cluster}. */
    Set<String> workloadKeys(String cluster);

    /** Keys of the Kubernetes inventory topic ({@code cluster/namespace/Kind/name}) live for {@code cluster}. */
    Set<String> objectKeys(String cluster);

    /** No history: for {@code --once --output -}, where nothing is read back and nothing is tombstoned. */
    static PriorInventory empty() {
        return of(Set.of(), Set.of());
    }

    /** Live keys of both topics, all clusters mixed; each key belongs to the cluster its first segment names. */
    static PriorInventory of(Collection<String> workloadKeys, Collection<String> objectKeys) {
        return new KeysByCluster(workloadKeys, objectKeys);
    }
}
