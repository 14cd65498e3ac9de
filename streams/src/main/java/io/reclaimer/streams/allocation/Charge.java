package io.reclaimer.streams.allocation;

/**
 * What one container was charged for one hour, OpenCost's way: max(request, usage) per pod times the pods,
 * in core-hours and GiB-hours, and the unit prices of its nodes (null when the collector had none: the
 * cluster's average is used), and the GPUs requested. Internal to the allocation topology.
 */
record Charge(String namespace, String workloadKind, String workloadName, String team, double cpuCoreHours,
                     double memoryGibHours, Double cpuUsdPerCoreHour, Double memoryUsdPerGibHour,
                     @io.reclaimer.model.serde.AddedLater("issue 16: GPU-hours, null before GPUs were counted") Double gpuHours,
                     @io.reclaimer.model.serde.AddedLater("issue 16: the GPU unit price, null when absent") Double gpuUsdPerGpuHour) {

    /** GPU-hours are the GPUs requested per pod times the pods (a GPU is allocated whole, used or not). */
    Charge {
        gpuHours = gpuHours == null ? 0.0 : gpuHours;
    }

    Charge(String namespace, String workloadKind, String workloadName, String team, double cpuCoreHours,
                  double memoryGibHours, Double cpuUsdPerCoreHour, Double memoryUsdPerGibHour) {
        this(namespace, workloadKind, workloadName, team, cpuCoreHours, memoryGibHours, cpuUsdPerCoreHour,
                memoryUsdPerGibHour, 0.0, null);
    }

    public String workloadKey() {
        return namespace + '/' + workloadKind + '/' + workloadName;
    }
}
