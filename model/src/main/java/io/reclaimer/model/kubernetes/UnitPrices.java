package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;

/**
 * What one core-hour of CPU, one GiB-hour of memory and one GPU-hour cost on the nodes a workload runs on,
 * derived from the node's hourly price the way OpenCost does (see docs/pricing.md). {@code gpuUsdPerGpuHour}
 * is null for prices without GPUs (and in records written before it existed).
 */
public record UnitPrices(double cpuUsdPerCoreHour, double memoryUsdPerGibHour,
                         @AddedLater("issue 16: the GPU unit price, null when absent")
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double gpuUsdPerGpuHour) {

    public static final double HOURS_PER_MONTH = 730.0;
    public static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    public UnitPrices {
        Require.nonNegative(cpuUsdPerCoreHour, "cpuUsdPerCoreHour");
        Require.nonNegative(memoryUsdPerGibHour, "memoryUsdPerGibHour");
        Require.nonNegativeOrNull(gpuUsdPerGpuHour, "gpuUsdPerGpuHour");
    }

    public UnitPrices(double cpuUsdPerCoreHour, double memoryUsdPerGibHour) {
        this(cpuUsdPerCoreHour, memoryUsdPerGibHour, null);
    }

    /** The GPU-hour price, 0 when none is known. */
    public double gpuUsdPerGpuHourOrZero() {
        return gpuUsdPerGpuHour == null ? 0 : gpuUsdPerGpuHour;
    }

    public double monthlyUsd(double cpuCores, double memoryBytes) {
        return (cpuCores * cpuUsdPerCoreHour + memoryBytes / BYTES_PER_GIB * memoryUsdPerGibHour) * HOURS_PER_MONTH;
    }

    public double monthlyUsd(double cpuCores, double memoryBytes, double gpus) {
        return monthlyUsd(cpuCores, memoryBytes) + gpus * gpuUsdPerGpuHourOrZero() * HOURS_PER_MONTH;
    }
}
