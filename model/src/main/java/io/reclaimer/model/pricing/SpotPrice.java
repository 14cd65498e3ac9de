package io.reclaimer.model.pricing;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Require;
import java.time.Instant;

/**
 * The current spot price of one instance type in one availability zone (Linux/UNIX), from EC2's
 * {@code DescribeSpotPriceHistory}: the newest price change at or before {@code observedAt}, which took effect
 * at {@code since}. Keyed {@code spot/<region>/<zone>/<instanceType>}.
 */
@JsonTypeName("spot-price/v1")
public record SpotPrice(String region, String zone, String instanceType, String productDescription,
                        double usdPerHour, Instant since, Instant observedAt) implements PriceRecord {

    public SpotPrice {
        Require.segment(region, "region");
        Require.segment(zone, "zone");
        Require.segment(instanceType, "instanceType");
        productDescription = productDescription == null ? "" : productDescription;
        Require.nonNegative(usdPerHour, "usdPerHour");
        Require.present(since, "since");
        Require.present(observedAt, "observedAt");
    }

    public static String keyOf(String region, String zone, String instanceType) {
        return "spot/" + region + '/' + zone + '/' + instanceType;
    }

    @Override
    public String key() {
        return keyOf(region, zone, instanceType);
    }
}
