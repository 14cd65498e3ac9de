package io.reclaimer.streams.allocation;

/**
 * What one container was charged for one hour, OpenCost's way: max(request, usage) per pod times the pods,
 * in core-hours and GiB-hours, and the unit prices of its nodes (null when the collector had none: the
 * cluster's average is used). Internal to the allocation topology.
 */
public record Charge(String namespace, String workloadKind, String workloadName, String team, double cpuCoreHours,
                     double memoryGibHours, Double cpuUsdPerCoreHour, Double memoryUsdPerGibHour) {

    public String workloadKey() {
        return namespace + '/' + workloadKind + '/' + workloadName;
    }
}
