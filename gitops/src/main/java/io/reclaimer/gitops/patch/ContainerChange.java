package io.reclaimer.gitops.patch;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What one container's requests should become. {@code kind} is empty when the source did not say it (any
 * workload kind matches), {@code cpuRequestCores}/{@code memoryRequestBytes} null leave that resource alone.
 * {@code annotations} are the workload's (for {@code reclaimer.io/values-path}); {@code notes} say what was
 * already left out and why (an HPA scaling on CPU...).
 */
public record ContainerChange(String cluster, String namespace, String kind, String name, String container,
                              BigDecimal cpuRequestCores, BigDecimal memoryRequestBytes, Map<String, String> annotations,
                              java.util.List<String> notes) {

    public ContainerChange {
        cluster = cluster == null ? "" : cluster;
        namespace = namespace == null ? "" : namespace;
        kind = kind == null ? "" : kind;
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        notes = notes == null ? java.util.List.of() : java.util.List.copyOf(notes);
        if (name == null || name.isBlank() || container == null || container.isBlank()) {
            throw new IllegalArgumentException("a container change needs a workload name and a container name");
        }
    }

    /** {@code namespace/Kind/name/container}, as messages name it. */
    public String label() {
        return (namespace.isEmpty() ? "" : namespace + "/") + (kind.isEmpty() ? "" : kind + "/") + name + "/" + container;
    }
}
