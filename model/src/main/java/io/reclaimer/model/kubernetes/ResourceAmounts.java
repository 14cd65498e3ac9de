package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU and memory of a request, limit, capacity or allocatable; {@code null} means "not set". {@code extended}
 * holds the other countable resources by their Kubernetes name: extended resources such as
 * {@code nvidia.com/gpu}, {@code amd.com/gpu} or {@code aws.amazon.com/neuron}, and on nodes the pod capacity
 * {@code pods}. Empty (and absent in records written before it existed) when there are none.
 */
public record ResourceAmounts(Double cpuCores, Long memoryBytes,
                              @AddedLater("issue 16: extended resources and pod capacity, empty when absent")
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> extended) {

    public static final ResourceAmounts NONE = new ResourceAmounts(null, null);
    /** The node's pod capacity, as the kubelet reports it. */
    public static final String PODS = "pods";

    public ResourceAmounts {
        Require.nonNegativeOrNull(cpuCores, "cpuCores");
        Require.nonNegativeOrNull(memoryBytes, "memoryBytes");
        if (extended == null || extended.isEmpty()) {
            extended = Map.of();
        } else {
            TreeMap<String, Double> copy = new TreeMap<>();
            extended.forEach((name, amount) -> copy.put(Require.text(name, "extended resource name"),
                    Require.nonNegative(amount == null ? -1 : amount, "extended." + name)));
            extended = java.util.Collections.unmodifiableMap(copy);
        }
    }

    public ResourceAmounts(Double cpuCores, Long memoryBytes) {
        this(cpuCores, memoryBytes, Map.of());
    }

    /**
     * GPUs: the sum of the {@code <vendor>/gpu} resources ({@code nvidia.com/gpu}, {@code amd.com/gpu}, ...), the
     * way device plugins advertise whole GPUs.
     */
    public double gpus() {
        return extended.entrySet().stream().filter(e -> isGpu(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    public static boolean isGpu(String resource) {
        return resource.endsWith("/gpu");
    }

    /** The node's pod capacity, or null when not reported. */
    public Integer pods() {
        Double pods = extended.get(PODS);
        return pods == null ? null : pods.intValue();
    }
}
