package io.reclaimer.collectors.pricing;

import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.util.Optional;

/**
 * Prices a node and splits its price into a CPU and a RAM unit price the way OpenCost does: keep a fixed
 * CPU:RAM cost ratio r = cpuPrice/ramPrice (OpenCost's defaults, $0.031611 per vCPU-hour and $0.004237
 * per GiB-hour, r ≈ 7.46) and scale both so that cores × cpuPrice + GiB × ramPrice equals the node's
 * hourly price exactly:
 *
 * <pre>
 *   ramPrice = nodePrice / (cores × r + GiB)
 *   cpuPrice = ramPrice × r
 * </pre>
 *
 * Instance types the catalog does not know are priced from the custom per-core and per-GiB prices.
 * See docs/pricing.md.
 */
public final class NodePricer {

    private static final double BYTES_PER_GIB = UnitPrices.BYTES_PER_GIB;

    private final PriceCatalog catalog;

    public NodePricer(PriceCatalog catalog) {
        this.catalog = catalog;
    }

    /** A priced node: its hourly price, the unit prices it splits into, and where the price came from. */
    public record NodePrice(double hourlyUsd, UnitPrices unitPrices, String source) {
    }

    public NodePrice price(String instanceType, String region, CapacityType capacityType, double cpuCores,
                           long memoryBytes) {
        double gib = memoryBytes / BYTES_PER_GIB;
        Optional<Double> hourly = catalog.hourlyUsd(instanceType, region, capacityType);
        if (hourly.isPresent()) {
            String source = "catalog:" + (capacityType == CapacityType.SPOT ? "spot" : "on-demand");
            return new NodePrice(hourly.get(), split(hourly.get(), cpuCores, gib), source);
        }
        UnitPrices custom = catalog.customUnitPrices();
        double multiplier = catalog.regionMultiplier(region);
        UnitPrices regional = new UnitPrices(custom.cpuUsdPerCoreHour() * multiplier,
                custom.memoryUsdPerGibHour() * multiplier);
        double price = cpuCores * regional.cpuUsdPerCoreHour() + gib * regional.memoryUsdPerGibHour();
        return new NodePrice(price, regional, "custom");
    }

    /** OpenCost's split of a node price into CPU and RAM unit prices that sum back to the node price. */
    public UnitPrices split(double hourlyUsd, double cpuCores, double memoryGib) {
        UnitPrices ratio = catalog.splitRatio();
        double cpuToRam = ratio.cpuUsdPerCoreHour() / ratio.memoryUsdPerGibHour();
        double ramMultiple = cpuCores * cpuToRam + memoryGib;
        if (ramMultiple <= 0) {
            return new UnitPrices(0, 0);
        }
        double ramPrice = hourlyUsd / ramMultiple;
        return new UnitPrices(ramPrice * cpuToRam, ramPrice);
    }
}
