package io.reclaimer.streams.idle;

import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything known about one namespace: the namespace object (null until seen, or after deletion), what
 * its workload containers request (priced), and its total CPU per hour. Internal state.
 */
record NamespaceState(NamespaceInfo info, Map<String, ContainerCost> containers, HourSeries hours) {

    public static final NamespaceState EMPTY = new NamespaceState(null, Map.of(), HourSeries.EMPTY);

    /** What one workload container requests per month, all replicas together. */
    public record ContainerCost(String workload, int replicas, double monthlyUsd, boolean priced) {

        public static ContainerCost of(WorkloadContainerSpec spec) {
            String workload = spec.container().workloadKind() + "/" + spec.container().workloadName();
            if (spec.prices() == null) {
                return new ContainerCost(workload, spec.replicas(), 0, false);
            }
            double cpu = spec.requests().cpuCores() == null ? 0 : spec.requests().cpuCores();
            double memory = spec.requests().memoryBytes() == null ? 0 : spec.requests().memoryBytes();
            return new ContainerCost(workload, spec.replicas(), spec.replicas() * spec.prices().monthlyUsd(cpu, memory), true);
        }
    }

    NamespaceState {
        containers = containers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(containers));
        hours = hours == null ? HourSeries.EMPTY : hours;
    }

    public NamespaceState withInfo(NamespaceInfo namespace) {
        return new NamespaceState(namespace, containers, hours);
    }

    public NamespaceState withContainer(String containerKey, ContainerCost cost) {
        TreeMap<String, ContainerCost> next = new TreeMap<>(containers);
        if (cost == null) {
            next.remove(containerKey);
        } else {
            next.put(containerKey, cost);
        }
        return new NamespaceState(info, next, hours);
    }

    public NamespaceState withUsage(long hour, double cpuCores, int retentionHours) {
        return new NamespaceState(info, containers, hours.add(hour, cpuCores, retentionHours));
    }

    /** What the namespace's workloads request per month. */
    public double monthlyUsd() {
        return containers.values().stream().mapToDouble(ContainerCost::monthlyUsd).sum();
    }

    /** Sorted, distinct {@code Kind/name} of its workloads. */
    public String workloads() {
        return String.join(",", new java.util.TreeSet<>(containers.values().stream().map(ContainerCost::workload).toList()));
    }
}
