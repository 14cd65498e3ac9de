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
 * Where the hourly price comes from, first match wins (and {@code NodePrice.source} says which):
 * <ol>
 *   <li>a spot node: the zone's spot price from EC2's spot price history ({@code aws-spot-price-history:<zone>});</li>
 *   <li>the instance type's on-demand price from the AWS Price List ({@code aws-price-list:on-demand}; for a spot
 *       node without a spot price this is an upper bound, and says so);</li>
 *   <li>the shipped table, the offline fallback ({@code shipped-table:on-demand (offline fallback)});</li>
 *   <li>the custom per-core and per-GiB prices ({@code custom}).</li>
 * </ol>
 * Real prices come from the {@link PriceBook}, kept in step with the prices topic. See docs/pricing.md.
 */
public final class NodePricer {

    private static final double BYTES_PER_GIB = UnitPrices.BYTES_PER_GIB;

    static final String FALLBACK = " (offline fallback)";

    private final PriceCatalog catalog;
    private final PriceBook book;

    /** Prices from the shipped table (and its overrides) only. */
    public NodePricer(PriceCatalog catalog) {
        this(catalog, PriceBook.empty());
    }

    public NodePricer(PriceCatalog catalog, PriceBook book) {
        this.catalog = catalog;
        this.book = book;
    }

    public PriceBook book() {
        return book;
    }

    /** A priced node: its hourly price, the unit prices it splits into, and where the price came from. */
    public record NodePrice(double hourlyUsd, UnitPrices unitPrices, String source) {
    }

    public NodePrice price(String instanceType, String region, CapacityType capacityType, double cpuCores,
                           long memoryBytes) {
        return price(instanceType, region, "", capacityType, cpuCores, memoryBytes);
    }

    public NodePrice price(String instanceType, String region, String zone, CapacityType capacityType, double cpuCores,
                           long memoryBytes) {
        return price(instanceType, region, zone, capacityType, cpuCores, memoryBytes, 0);
    }

    /** A node with {@code gpus} GPUs: its price splits into CPU, RAM and GPU unit prices. */
    public NodePrice price(String instanceType, String region, String zone, CapacityType capacityType, double cpuCores,
                           long memoryBytes, double gpus) {
        double gib = memoryBytes / BYTES_PER_GIB;
        boolean spot = capacityType == CapacityType.SPOT;
        if (spot && zone != null && !zone.isEmpty()) {
            var price = book.spot(region, zone, instanceType);
            if (price.isPresent()) {
                double hourly = price.get().usdPerHour();
                return new NodePrice(hourly, split(hourly, cpuCores, gib, gpus), "aws-spot-price-history:" + zone);
            }
        }
        var listed = book.instanceType(region, instanceType);
        Optional<Double> shipped = catalog.hourlyUsd(instanceType, region, capacityType);
        if (listed.isPresent() && !(spot && shipped.isPresent() && catalog.hasSpotPrice(instanceType))) {
            double hourly = listed.get().onDemandUsdPerHour();
            return new NodePrice(hourly, split(hourly, cpuCores, gib, gpus),
                    "aws-price-list:on-demand" + (spot ? " (no spot price for the zone: an upper bound)" : ""));
        }
        if (shipped.isPresent()) {
            String source = "shipped-table:" + (spot && catalog.hasSpotPrice(instanceType) ? "spot" : "on-demand")
                    + FALLBACK;
            return new NodePrice(shipped.get(), split(shipped.get(), cpuCores, gib, gpus), source);
        }
        UnitPrices custom = catalog.customUnitPrices();
        double multiplier = catalog.regionMultiplier(region);
        UnitPrices regional = new UnitPrices(custom.cpuUsdPerCoreHour() * multiplier,
                custom.memoryUsdPerGibHour() * multiplier,
                gpus > 0 ? custom.gpuUsdPerGpuHourOrZero() * multiplier : null);
        double price = cpuCores * regional.cpuUsdPerCoreHour() + gib * regional.memoryUsdPerGibHour()
                + gpus * regional.gpuUsdPerGpuHourOrZero();
        return new NodePrice(price, regional, "custom");
    }

    /** OpenCost's split of a node price into CPU and RAM unit prices that sum back to the node price. */
    public UnitPrices split(double hourlyUsd, double cpuCores, double memoryGib) {
        return split(hourlyUsd, cpuCores, memoryGib, 0);
    }

    /**
     * OpenCost's split of a GPU node's price ("GPU without cost found"): the fixed CPU:RAM and GPU:RAM ratios of
     * the default prices, scaled so that cores x cpu + GiB x ram + GPUs x gpu is the node price. Without GPUs the
     * GPU price is null and this is the CPU/RAM split.
     */
    public UnitPrices split(double hourlyUsd, double cpuCores, double memoryGib, double gpus) {
        UnitPrices ratio = catalog.splitRatio();
        double cpuToRam = ratio.cpuUsdPerCoreHour() / ratio.memoryUsdPerGibHour();
        double gpuToRam = ratio.gpuUsdPerGpuHourOrZero() / ratio.memoryUsdPerGibHour();
        double ramMultiple = cpuCores * cpuToRam + memoryGib + (gpus > 0 ? gpus * gpuToRam : 0);
        if (ramMultiple <= 0) {
            return new UnitPrices(0, 0, gpus > 0 ? 0.0 : null);
        }
        double ramPrice = hourlyUsd / ramMultiple;
        return new UnitPrices(ramPrice * cpuToRam, ramPrice, gpus > 0 ? ramPrice * gpuToRam : null);
    }
}
