package io.reclaimer.model.kubernetes;

import io.reclaimer.model.Require;

/**
 * What one core-hour of CPU and one GiB-hour of memory cost on the nodes a workload runs on, derived from
 * the node's hourly price the way OpenCost does (see docs/pricing.md).
 */
public record UnitPrices(double cpuUsdPerCoreHour, double memoryUsdPerGibHour) {

    public static final double HOURS_PER_MONTH = 730.0;
    public static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    public UnitPrices {
        Require.nonNegative(cpuUsdPerCoreHour, "cpuUsdPerCoreHour");
        Require.nonNegative(memoryUsdPerGibHour, "memoryUsdPerGibHour");
    }

    public double monthlyUsd(double cpuCores, double memoryBytes) {
        return (cpuCores * cpuUsdPerCoreHour + memoryBytes / BYTES_PER_GIB * memoryUsdPerGibHour) * HOURS_PER_MONTH;
    }
}
