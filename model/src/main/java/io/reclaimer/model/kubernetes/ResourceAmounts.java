package io.reclaimer.model.kubernetes;

import io.reclaimer.model.Require;

/** CPU and memory of a request, limit, capacity or allocatable; {@code null} means "not set". */
public record ResourceAmounts(Double cpuCores, Long memoryBytes) {

    public static final ResourceAmounts NONE = new ResourceAmounts(null, null);

    public ResourceAmounts {
        Require.nonNegativeOrNull(cpuCores, "cpuCores");
        Require.nonNegativeOrNull(memoryBytes, "memoryBytes");
    }
}
