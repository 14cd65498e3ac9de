package io.reclaimer.streams.waste;

import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.pricing.UsagePrice.Product;
import io.reclaimer.streams.pricing.PriceTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts a monthly figure on what a finding points at, from {@link WasteConfig.Prices}. Pure: values in,
 * dollars out, with a one-line explanation that goes into the finding's evidence.
 */
public final class WastePrices {

    public static final double HOURS_PER_MONTH = UnitPrices.HOURS_PER_MONTH;
    private static final double BYTES_PER_GIB = UnitPrices.BYTES_PER_GIB;

    private static final List<String> VOLUME_TYPES = List.of("gp3", "gp2", "io1", "io2", "st1", "sc1", "standard");

    private final WasteConfig.Prices prices;
    private final PriceTable table;
    /** Where the prices come from when not the configured list prices: {@code AWS Price List, eu-west-1}. */
    private final String source;

    public WastePrices(WasteConfig.Prices prices) {
        this(prices, PriceTable.none(), null);
    }

    /** The configured prices, overlaid region by region ({@link #in}) with the AWS Price List's from {@code table}. */
    public WastePrices(WasteConfig.Prices prices, PriceTable table) {
        this(prices, table, null);
    }

    private WastePrices(WasteConfig.Prices prices, PriceTable table, String source) {
        this.prices = prices;
        this.table = table;
        this.source = source;
    }

    /**
     * The prices of {@code region}: the AWS Price List's where the prices topic has them (EBS storage, IOPS and
     * throughput, load balancer and public IPv4 hours), the configured ones for the rest (snapshots, and
     * everything when the topic has nothing for the region). A price so read says so in its basis.
     */
    public WastePrices in(String region) {
        if (region == null || region.isEmpty()) {
            return this;
        }
        java.util.Map<String, Double> ebs = new java.util.TreeMap<>(prices.ebsUsdPerGibMonth());
        boolean found = false;
        for (String type : VOLUME_TYPES) {
            var price = table.usage(Product.EBS_STORAGE, region, type);
            if (price.isPresent()) {
                ebs.put(type, price.get().usdPerUnit());
                found = true;
            }
        }
        Double gp3Iops = real(Product.EBS_IOPS, region, "gp3");
        Double provisionedIops = real(Product.EBS_IOPS, region, "io1");
        provisionedIops = provisionedIops != null ? provisionedIops : real(Product.EBS_IOPS, region, "io2");
        Double gp3Throughput = real(Product.EBS_THROUGHPUT, region, "gp3");
        Double ipv4 = real(Product.PUBLIC_IPV4, region, "idle");
        Double alb = real(Product.LOAD_BALANCER, region, "application");
        Double nlb = real(Product.LOAD_BALANCER, region, "network");
        Double gwlb = real(Product.LOAD_BALANCER, region, "gateway");
        Double clb = real(Product.LOAD_BALANCER, region, "classic");
        found |= java.util.stream.Stream.of(gp3Iops, provisionedIops, gp3Throughput, ipv4, alb, nlb, gwlb, clb)
                .anyMatch(java.util.Objects::nonNull);
        if (!found) {
            return this;
        }
        WasteConfig.Prices regional = new WasteConfig.Prices(ebs, prices.defaultVolumeType(), prices.gp3IncludedIops(),
                or(gp3Iops, prices.gp3IopsUsdPerMonth()), prices.gp3IncludedThroughputMibps(),
                or(gp3Throughput, prices.gp3ThroughputUsdPerMibpsMonth()),
                or(provisionedIops, prices.provisionedIopsUsdPerMonth()), prices.snapshotStandardUsdPerGibMonth(),
                prices.snapshotArchiveUsdPerGibMonth(), or(ipv4, prices.publicIpv4UsdPerHour()),
                or(alb, prices.applicationLoadBalancerUsdPerHour()), or(nlb, prices.networkLoadBalancerUsdPerHour()),
                or(gwlb, prices.gatewayLoadBalancerUsdPerHour()), or(clb, prices.classicLoadBalancerUsdPerHour()));
        return new WastePrices(regional, table, "AWS Price List, " + region);
    }

    private Double real(Product product, String region, String name) {
        return table.usage(product, region, name).map(io.reclaimer.model.pricing.UsagePrice::usdPerUnit).orElse(null);
    }

    private static Double or(Double real, Double configured) {
        return real != null ? real : configured;
    }

    private Price noted(Price price) {
        return source == null ? price : new Price(price.monthlyUsd(), price.basis() + " (" + source + ")");
    }

    /** A monthly figure and how it was reached. */
    public record Price(double monthlyUsd, String basis) {
        public Price plus(Price other) {
            return new Price(monthlyUsd + other.monthlyUsd, basis + " + " + other.basis);
        }
    }

    /**
     * An EBS volume: storage by type, plus gp3 IOPS and throughput above the included baseline, plus
     * provisioned IOPS on io1/io2. Unknown types are priced as the configured default type.
     */
    public Price volume(String volumeType, long sizeGib, Integer iops, Integer throughputMibps) {
        String type = volumeType == null ? "" : volumeType.toLowerCase(Locale.ROOT);
        Double perGib = prices.ebsUsdPerGibMonth().get(type);
        String pricedAs = type;
        if (perGib == null) {
            pricedAs = prices.defaultVolumeType();
            perGib = prices.ebsUsdPerGibMonth().get(pricedAs);
        }
        double usd = sizeGib * perGib;
        StringBuilder basis = new StringBuilder().append(sizeGib).append(" GiB ").append(pricedAs).append(" x $")
                .append(perGib).append("/GiB-month");
        if (!pricedAs.equals(type)) {
            basis.append(" (type '").append(volumeType).append("' priced as ").append(pricedAs).append(')');
        }
        if ("gp3".equals(pricedAs)) {
            int extraIops = Math.max(0, (iops == null ? prices.gp3IncludedIops() : iops) - prices.gp3IncludedIops());
            int extraThroughput = Math.max(0, (throughputMibps == null ? prices.gp3IncludedThroughputMibps()
                    : throughputMibps) - prices.gp3IncludedThroughputMibps());
            if (extraIops > 0) {
                usd += extraIops * prices.gp3IopsUsdPerMonth();
                basis.append(" + ").append(extraIops).append(" IOPS x $").append(prices.gp3IopsUsdPerMonth());
            }
            if (extraThroughput > 0) {
                usd += extraThroughput * prices.gp3ThroughputUsdPerMibpsMonth();
                basis.append(" + ").append(extraThroughput).append(" MiB/s x $")
                        .append(prices.gp3ThroughputUsdPerMibpsMonth());
            }
        } else if (("io1".equals(pricedAs) || "io2".equals(pricedAs)) && iops != null && iops > 0) {
            usd += iops * prices.provisionedIopsUsdPerMonth();
            basis.append(" + ").append(iops).append(" IOPS x $").append(prices.provisionedIopsUsdPerMonth());
        }
        return noted(new Price(usd, basis.toString()));
    }

    /** A Kubernetes volume whose EBS volume is unknown: its capacity at the storage class's type (or the default). */
    public Price kubernetesVolume(String storageClass, long capacityBytes) {
        long gib = (long) Math.ceil(capacityBytes / BYTES_PER_GIB);
        return volume(storageClass, gib, null, null);
    }

    /** Snapshots are billed on their stored size; the API gives the source volume's size, an upper bound. */
    public Price snapshot(long sizeGib, String storageTier) {
        boolean archive = "archive".equalsIgnoreCase(storageTier);
        double perGib = archive ? prices.snapshotArchiveUsdPerGibMonth() : prices.snapshotStandardUsdPerGibMonth();
        return new Price(sizeGib * perGib, sizeGib + " GiB " + (archive ? "archive" : "standard") + " snapshot x $"
                + perGib + "/GiB-month");
    }

    public Price publicIpv4() {
        return noted(hourly(prices.publicIpv4UsdPerHour(), "public IPv4 address"));
    }

    /** A load balancer's hourly charge; idle ones use no capacity units, so LCUs add nothing. */
    public Price loadBalancer(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return noted(switch (t) {
            case "application", "alb" -> hourly(prices.applicationLoadBalancerUsdPerHour(), "application load balancer");
            case "network", "nlb" -> hourly(prices.networkLoadBalancerUsdPerHour(), "network load balancer");
            case "gateway", "gwlb" -> hourly(prices.gatewayLoadBalancerUsdPerHour(), "gateway load balancer");
            default -> hourly(prices.classicLoadBalancerUsdPerHour(), "classic load balancer");
        });
    }

    /**
     * The load balancer a {@code LoadBalancer} Service gets when the cloud one is not in the inventory: an NLB
     * when the AWS annotations ask for one, otherwise Kubernetes' default on AWS, a classic ELB.
     */
    public Price serviceLoadBalancer(Map<String, String> annotations) {
        String type = annotations.getOrDefault("service.beta.kubernetes.io/aws-load-balancer-type", "");
        boolean nlb = switch (type.toLowerCase(Locale.ROOT)) {
            case "nlb", "nlb-ip", "external" -> true;
            default -> false;
        };
        return loadBalancer(nlb ? "network" : "classic");
    }

    private static Price hourly(double usdPerHour, String what) {
        return new Price(usdPerHour * HOURS_PER_MONTH, what + " x $" + usdPerHour + "/h x 730 h");
    }
}
