package io.reclaimer.collectors.aws.pricing;

import io.reclaimer.model.pricing.InstanceTypePrice;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.UsagePrice;
import io.reclaimer.model.pricing.UsagePrice.Product;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * Reads one region's public on-demand prices from the AWS Price List Query API ({@code GetProducts} with
 * {@code TERM_MATCH} filters, every page): EC2 instance types (Linux, shared tenancy, no pre-installed
 * software, capacity actually used: the price of a plain node, GPU families included), EBS storage,
 * provisioned IOPS and gp3 throughput per volume type, load balancer hours per type, public IPv4 hours.
 */
final class PriceListReader {

    static final String EC2 = "AmazonEC2";
    static final String ELB = "AWSELB";
    static final String VPC = "AmazonVPC";
    private static final Pattern MEMORY = Pattern.compile("([0-9.,]+)\\s*GiB");
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    private final PricingClient pricing;
    private int pages;

    PriceListReader(PricingClient pricing) {
        this.pricing = pricing;
    }

    /** Every price of the region, in the order read. */
    public List<PriceRecord> read(String region, Instant observedAt) {
        List<PriceRecord> prices = new ArrayList<>(instanceTypes(region, observedAt));
        prices.addAll(storage(region, observedAt));
        prices.addAll(loadBalancers(region, observedAt));
        prices.addAll(publicIpv4(region, observedAt));
        return prices;
    }

    /** Pages of GetProducts read by this reader so far. */
    public int pages() {
        return pages;
    }

    List<InstanceTypePrice> instanceTypes(String region, Instant observedAt) {
        Map<String, InstanceTypePrice> byType = new LinkedHashMap<>();
        for (PriceListProduct p : products(EC2, Map.of("regionCode", region, "operatingSystem", "Linux",
                "tenancy", "Shared", "preInstalledSw", "NA", "capacitystatus", "Used",
                "licenseModel", "No License required"))) {
            String type = p.attribute("instanceType");
            var tier = p.firstTier();
            if (type.isEmpty() || tier.isEmpty() || !"Hrs".equals(tier.get().unit())
                    || !p.attribute("marketoption").isEmpty() && !"OnDemand".equals(p.attribute("marketoption"))) {
                continue;
            }
            String processor = p.attribute("physicalProcessor");
            InstanceTypePrice price = new InstanceTypePrice(region, type, number(p.attribute("vcpu")),
                    memoryGib(p.attribute("memory")), (int) number(p.attribute("gpu")),
                    processor.contains("Graviton") ? "arm64" : "x86_64", processor, tier.get().usd().doubleValue(),
                    p.sku(), PriceRecord.AWS_PRICE_LIST, observedAt);
            // a type listed twice (a stale SKU beside the current one) keeps the lower price: what is billed today
            byType.merge(type, price, (a, b) -> a.onDemandUsdPerHour() <= b.onDemandUsdPerHour() ? a : b);
        }
        return List.copyOf(byType.values());
    }

    List<UsagePrice> storage(String region, Instant observedAt) {
        Map<String, UsagePrice> prices = new LinkedHashMap<>();
        for (PriceListProduct p : products(EC2, Map.of("regionCode", region, "productFamily", "Storage"))) {
            usage(p, Product.EBS_STORAGE, region, p.attribute("volumeApiName"), "GB-Mo", BigDecimal.ONE, observedAt)
                    .ifPresent(u -> prices.merge(u.key(), u, PriceListReader::higher));
        }
        for (PriceListProduct p : products(EC2, Map.of("regionCode", region, "productFamily", "System Operation"))) {
            // io2's IOPS come in three tiers, each its own product: the first (dearest) is what a volume pays first
            usage(p, Product.EBS_IOPS, region, p.attribute("volumeApiName"), "IOPS-Mo", BigDecimal.ONE, observedAt)
                    .ifPresent(u -> prices.merge(u.key(), u, PriceListReader::higher));
        }
        for (PriceListProduct p : products(EC2, Map.of("regionCode", region, "productFamily", "Provisioned Throughput"))) {
            // gp3 throughput is listed per GiBps-month: Reclaimer and the EC2 API count MiB/s
            String unit = p.firstTier().map(PriceListProduct.Dimension::unit).orElse("");
            BigDecimal scale = unit.toLowerCase(Locale.ROOT).startsWith("gibps") ? BigDecimal.valueOf(1024) : BigDecimal.ONE;
            usage(p, Product.EBS_THROUGHPUT, region, p.attribute("volumeApiName"), unit, scale, observedAt)
                    .map(u -> new UsagePrice(u.product(), u.region(), u.name(), "MiBps-Mo", u.usdPerUnit(), u.sku(),
                            u.source(), u.observedAt()))
                    .ifPresent(u -> prices.merge(u.key(), u, PriceListReader::higher));
        }
        return List.copyOf(prices.values());
    }

    List<UsagePrice> loadBalancers(String region, Instant observedAt) {
        Map<String, UsagePrice> prices = new LinkedHashMap<>();
        for (PriceListProduct p : products(ELB, Map.of("regionCode", region))) {
            String type = switch (p.productFamily()) {
                case "Load Balancer-Application" -> "application";
                case "Load Balancer-Network" -> "network";
                case "Load Balancer-Gateway" -> "gateway";
                case "Load Balancer" -> "classic";
                default -> null;
            };
            // the hourly charge, not the capacity units (LCU, NLCU, GLCU) nor data processed
            if (type != null && p.attribute("usagetype").contains("LoadBalancerUsage")) {
                usage(p, Product.LOAD_BALANCER, region, type, "Hrs", BigDecimal.ONE, observedAt)
                        .ifPresent(u -> prices.putIfAbsent(u.key(), u));
            }
        }
        return List.copyOf(prices.values());
    }

    List<UsagePrice> publicIpv4(String region, Instant observedAt) {
        Map<String, UsagePrice> prices = new LinkedHashMap<>();
        for (PriceListProduct p : products(VPC, Map.of("regionCode", region, "productFamily", "VPC Public IPv4 Address"))) {
            String usage = p.attribute("usagetype");
            String name = usage.endsWith("IdleAddress") ? "idle" : usage.endsWith("InUseAddress") ? "in-use" : null;
            if (name != null) {
                usage(p, Product.PUBLIC_IPV4, region, name, "Hrs", BigDecimal.ONE, observedAt)
                        .ifPresent(u -> prices.putIfAbsent(u.key(), u));
            }
        }
        return List.copyOf(prices.values());
    }

    private java.util.Optional<UsagePrice> usage(PriceListProduct p, Product product, String region, String name,
                                                 String unit, BigDecimal divisor, Instant observedAt) {
        var tier = p.firstTier();
        if (name.isEmpty() || tier.isEmpty() || !tier.get().unit().equalsIgnoreCase(unit)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new UsagePrice(product, region, name, unit,
                tier.get().usd().divide(divisor, PRECISION).doubleValue(), p.sku(), PriceRecord.AWS_PRICE_LIST, observedAt));
    }

    private static UsagePrice higher(UsagePrice a, UsagePrice b) {
        return a.usdPerUnit() >= b.usdPerUnit() ? a : b;
    }

    /** Every product matching the filters, all pages (NextToken) through the SDK's paginator. */
    List<PriceListProduct> products(String serviceCode, Map<String, String> filters) {
        List<Filter> terms = new ArrayList<>();
        new java.util.TreeMap<>(filters).forEach((field, value) ->
                terms.add(Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build()));
        GetProductsRequest request = GetProductsRequest.builder().serviceCode(serviceCode).formatVersion("aws_v1")
                .filters(terms).maxResults(100).build();
        List<PriceListProduct> products = new ArrayList<>();
        for (GetProductsResponse page : pricing.getProductsPaginator(request)) {
            pages++;
            for (String document : page.priceList()) {
                products.add(PriceListProduct.parse(document));
            }
        }
        return products;
    }

    static double number(String value) {
        if (value == null || value.isBlank() || "NA".equalsIgnoreCase(value)) {
            return 0;
        }
        try {
            return Double.parseDouble(value.replace(",", "").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code "8 GiB"}, {@code "1,952 GiB"}. */
    static double memoryGib(String value) {
        Matcher m = MEMORY.matcher(value == null ? "" : value);
        return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : 0;
    }
}
