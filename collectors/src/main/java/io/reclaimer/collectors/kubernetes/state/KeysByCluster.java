package io.reclaimer.collectors.kubernetes.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Live keys grouped by their cluster segment, the prefix up to the first {@code /}. */
final class KeysByCluster implements PriorInventory {

    private final Map<String, Set<String>> workloads;
    private final Map<String, Set<String>> objects;

    KeysByCluster(Collection<String> workloadKeys, Collection<String> objectKeys) {
        this.workloads = group(workloadKeys);
        this.objects = group(objectKeys);
    }

    @Override
    public Set<String> workloadKeys(String cluster) {
        return Set.copyOf(workloads.getOrDefault(cluster, Set.of()));
    }

    @Override
    public Set<String> objectKeys(String cluster) {
        return Set.copyOf(objects.getOrDefault(cluster, Set.of()));
    }

    private static Map<String, Set<String>> group(Collection<String> keys) {
        Map<String, Set<String>> byCluster = new HashMap<>();
        for (String key : keys) {
            int slash = key.indexOf('/');
            // a key without a cluster segment was not written by this collector: never ours to tombstone
            if (slash > 0) {
                byCluster.computeIfAbsent(key.substring(0, slash), c -> new HashSet<>()).add(key);
            }
        }
        return byCluster;
    }
}
