package io.reclaimer.streams.idle;

import io.reclaimer.model.kubernetes.NamespaceInfo;

/**
 * One change to what is known about a namespace, routed to the namespace's partition: an hour of a
 * container's CPU, the namespace object (null: deleted), or a container's priced requests (null: deleted).
 */
record NamespaceSignal(Kind kind, String containerKey, long hour, double cpuCores, NamespaceInfo namespace,
                       NamespaceState.ContainerCost cost) {

    enum Kind { USAGE, NAMESPACE, CONTAINER }

    static NamespaceSignal usage(String containerKey, long hour, double cpuCores) {
        return new NamespaceSignal(Kind.USAGE, containerKey, hour, cpuCores, null, null);
    }

    static NamespaceSignal namespace(NamespaceInfo info) {
        return new NamespaceSignal(Kind.NAMESPACE, null, 0, 0, info, null);
    }

    static NamespaceSignal container(String containerKey, NamespaceState.ContainerCost cost) {
        return new NamespaceSignal(Kind.CONTAINER, containerKey, 0, 0, null, cost);
    }
}
