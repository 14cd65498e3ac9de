package io.reclaimer.streams.allocation;

import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.util.Collection;

/**
 * What a cluster's nodes cost per hour, split into CPU, RAM and GPU the way the collector priced them
 * (capacity times the node's unit prices; the parts add up to the node's hourly price).
 */
record Capacity(int nodes, double cpuCores, double memoryGib, double cpuUsdPerHour, double memoryUsdPerHour,
                       @io.reclaimer.model.serde.AddedLater("issue 16: GPUs, null before GPUs were counted") Double gpus,
                       @io.reclaimer.model.serde.AddedLater("issue 16: GPU price per hour, null before GPUs were counted") Double gpuUsdPerHour) {

    public static final Capacity NONE = new Capacity(0, 0, 0, 0, 0);

    Capacity {
        gpus = gpus == null ? 0.0 : gpus;
        gpuUsdPerHour = gpuUsdPerHour == null ? 0.0 : gpuUsdPerHour;
    }

    Capacity(int nodes, double cpuCores, double memoryGib, double cpuUsdPerHour, double memoryUsdPerHour) {
        this(nodes, cpuCores, memoryGib, cpuUsdPerHour, memoryUsdPerHour, 0.0, 0.0);
    }

    public static Capacity of(Collection<NodeInfo> nodes) {
        int count = 0;
        double cores = 0;
        double gib = 0;
        double cpuUsd = 0;
        double memUsd = 0;
        double gpus = 0;
        double gpuUsd = 0;
        for (NodeInfo node : nodes) {
            double c = node.capacity().cpuCores() == null ? 0 : node.capacity().cpuCores();
            double g = node.capacity().memoryBytes() == null ? 0 : node.capacity().memoryBytes() / UnitPrices.BYTES_PER_GIB;
            count++;
            cores += c;
            gib += g;
            cpuUsd += c * node.prices().cpuUsdPerCoreHour();
            memUsd += g * node.prices().memoryUsdPerGibHour();
            double n = node.capacity().gpus();
            gpus += n;
            gpuUsd += n * node.prices().gpuUsdPerGpuHourOrZero();
        }
        return new Capacity(count, cores, gib, cpuUsd, memUsd, gpus, gpuUsd);
    }

    public double hourlyUsd() {
        return cpuUsdPerHour + memoryUsdPerHour + gpuUsdPerHour;
    }

    public double averageGpuUsdPerGpuHour() {
        return gpus == 0 ? 0 : gpuUsdPerHour / gpus;
    }

    /** Two capacities together. */
    public Capacity plus(Capacity o) {
        return new Capacity(nodes + o.nodes, cpuCores + o.cpuCores, memoryGib + o.memoryGib, cpuUsdPerHour + o.cpuUsdPerHour,
                memoryUsdPerHour + o.memoryUsdPerHour, gpus + o.gpus, gpuUsdPerHour + o.gpuUsdPerHour);
    }

    /** The price of a core-hour across the cluster, for containers the collector could not price. */
    public double averageCpuUsdPerCoreHour() {
        return cpuCores == 0 ? 0 : cpuUsdPerHour / cpuCores;
    }

    public double averageMemoryUsdPerGibHour() {
        return memoryGib == 0 ? 0 : memoryUsdPerHour / memoryGib;
    }
}
