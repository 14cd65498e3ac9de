package io.reclaimer.model.pricing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.Require;
import java.time.Instant;

/**
 * One metered price of the AWS Price List besides instances: EBS storage per GB-month by volume type,
 * provisioned IOPS and throughput per month, load balancer hours by type, public IPv4 address hours.
 * {@code name} is the volume type ({@code gp3}, {@code io2}...) or load balancer type ({@code application},
 * {@code network}, {@code gateway}, {@code classic}); empty for public IPv4. {@code unit} is the Price List's
 * own ({@code GB-Mo}, {@code IOPS-Mo}, {@code GiBps-mo}, {@code Hrs}). Keyed {@code <product>/<region>/<name>}.
 */
@JsonTypeName("usage-price/v1")
public record UsagePrice(Product product, String region, String name, String unit, double usdPerUnit, String sku,
                         String source, Instant observedAt) implements PriceRecord {

    public enum Product {
        EBS_STORAGE("ebs-storage"), EBS_IOPS("ebs-iops"), EBS_THROUGHPUT("ebs-throughput"),
        LOAD_BALANCER("load-balancer"), PUBLIC_IPV4("public-ipv4");

        private final String wireName;

        Product(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        @JsonCreator
        public static Product fromWireName(String name) {
            for (Product p : values()) {
                if (p.wireName.equals(name)) {
                    return p;
                }
            }
            throw new InvalidEventException("unknown priced product: " + name);
        }
    }

    public UsagePrice {
        Require.present(product, "product");
        Require.segment(region, "region");
        name = name == null ? "" : name;
        Require.text(unit, "unit");
        Require.nonNegative(usdPerUnit, "usdPerUnit");
        sku = sku == null ? "" : sku;
        Require.text(source, "source");
        Require.present(observedAt, "observedAt");
    }

    public static String keyOf(Product product, String region, String name) {
        return product.wireName() + '/' + region + '/' + name;
    }

    @Override
    public String key() {
        return keyOf(product, region, name);
    }
}
