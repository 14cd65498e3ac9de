package io.reclaimer.streams.allocation;

import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.util.Collection;

/**
 * What a cluster's nodes cost per hour, split into CPU and RAM the way the collector priced them
 * (capacity times the node's unit prices; the two add up to the node's hourly price).
 */
public record Capacity(int nodes, double cpuCores, double memoryGib, double cpuUsdPerHour, double memoryUsdPerHour) {

    public static final Capacity NONE = new Capacity(0, 0, 0, 0, 0);

    public static Capacity of(Collection<NodeInfo> nodes) {
        int count = 0;
        double cores = 0;
        double gib = 0;
        double cpuUsd = 0;
        double memUsd = 0;
        for (NodeInfo node : nodes) {
            double c = node.capacity().cpuCores() == null ? 0 : node.capacity().cpuCores();
            double g = node.capacity().memoryBytes() == null ? 0 : node.capacity().memoryBytes() / UnitPrices.BYTES_PER_GIB;
            count++;
            cores += c;
            gib += g;
            cpuUsd += c * node.prices().cpuUsdPerCoreHour();
            memUsd += g * node.prices().memoryUsdPerGibHour();
        }
        return new Capacity(count, cores, gib, cpuUsd, memUsd);
    }

    public double hourlyUsd() {
        return cpuUsdPerHour + memoryUsdPerHour;
    }

    /** The price of a core-hour across the cluster, for containers the collector could not price. */
    public double averageCpuUsdPerCoreHour() {
        return cpuCores == 0 ? 0 : cpuUsdPerHour / cpuCores;
    }

    public double averageMemoryUsdPerGibHour() {
        return memoryGib == 0 ? 0 : memoryUsdPerHour / memoryGib;
    }
}
