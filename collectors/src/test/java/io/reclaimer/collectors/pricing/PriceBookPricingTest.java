package io.reclaimer.collectors.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import io.reclaimer.model.pricing.InstanceTypePrice;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.SpotPrice;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Nodes priced from the prices topic first, the shipped table only when it has nothing, and saying which. */
class PriceBookPricingTest {

    private static final long GIB = 1L << 30;
    private static final Instant AT = Instant.parse("2025-11-20T06:00:00Z");
    private final PriceBook book = PriceBook.empty();
    private final NodePricer pricer = new NodePricer(PriceCatalog.shipped(), book);

    private static InstanceTypePrice listed(String region, String type, double vcpu, double gib, int gpus, double usd) {
        return new InstanceTypePrice(region, type, vcpu, gib, gpus, "x86_64", "Intel Xeon", usd, "SKU",
                PriceRecord.AWS_PRICE_LIST, AT);
    }

    @Test
    void anOnDemandNodeTakesTheRegionsPriceListPriceNotTheTableTimesAMultiplier() {
        book.put(listed("eu-west-1", "m5.large", 2, 8, 0, 0.107));
        NodePricer.NodePrice price = pricer.price("m5.large", "eu-west-1", "eu-west-1a", CapacityType.ON_DEMAND, 2, 8 * GIB);
        assertThat(price.hourlyUsd()).isEqualTo(0.107);
        assertThat(price.source()).isEqualTo("aws-price-list:on-demand");
        assertThat(2 * price.unitPrices().cpuUsdPerCoreHour() + 8 * price.unitPrices().memoryUsdPerGibHour())
                .isCloseTo(0.107, offset(1e-12));
    }

    @Test
    void aSpotNodeTakesItsZonesSpotPrice() {
        book.put(listed("us-east-1", "m5.large", 2, 8, 0, 0.096));
        book.put(new SpotPrice("us-east-1", "us-east-1a", "m5.large", "Linux/UNIX", 0.0362, AT, AT));
        NodePricer.NodePrice price = pricer.price("m5.large", "us-east-1", "us-east-1a", CapacityType.SPOT, 2, 8 * GIB);
        assertThat(price.hourlyUsd()).isEqualTo(0.0362);
        assertThat(price.source()).isEqualTo("aws-spot-price-history:us-east-1a");
    }

    @Test
    void anInstanceTypeMissingFromTheShippedTableIsPricedFromThePriceListNotPerCore() {
        book.put(listed("us-east-1", "g6e.2xlarge", 8, 64, 1, 2.24208));
        NodePricer.NodePrice price = pricer.price("g6e.2xlarge", "us-east-1", "us-east-1b", CapacityType.ON_DEMAND, 8,
                64 * GIB);
        assertThat(price.hourlyUsd()).isEqualTo(2.24208);
        assertThat(price.source()).isEqualTo("aws-price-list:on-demand");
    }

    @Test
    void aSpotNodeWithoutASpotPriceIsPricedAtOnDemandAndSaysItIsAnUpperBound() {
        book.put(listed("us-east-1", "g6e.2xlarge", 8, 64, 1, 2.24208));
        NodePricer.NodePrice price = pricer.price("g6e.2xlarge", "us-east-1", "us-east-1b", CapacityType.SPOT, 8, 64 * GIB);
        assertThat(price.hourlyUsd()).isEqualTo(2.24208);
        assertThat(price.source()).isEqualTo("aws-price-list:on-demand (no spot price for the zone: an upper bound)");
    }

    @Test
    void withoutRealPricesTheShippedTableIsTheFallbackAndSaysSo() {
        NodePricer.NodePrice price = pricer.price("m5.large", "us-east-1", "us-east-1a", CapacityType.SPOT, 2, 8 * GIB);
        assertThat(price.hourlyUsd()).isEqualTo(0.0336);
        assertThat(price.source()).isEqualTo("shipped-table:spot (offline fallback)");
    }

    @Test
    void aChangedPriceIsAnnouncedAndAnUnchangedOneIsNot() {
        AtomicInteger changes = new AtomicInteger();
        book.onChange(changes::incrementAndGet);
        book.put(listed("us-east-1", "m5.large", 2, 8, 0, 0.096));
        book.put(listed("us-east-1", "m5.large", 2, 8, 0, 0.096));
        book.put(listed("us-east-1", "m5.large", 2, 8, 0, 0.090));
        book.apply(InstanceTypePrice.keyOf("us-east-1", "m5.large"), null);
        assertThat(changes).hasValue(3);
        assertThat(book.instanceType("us-east-1", "m5.large")).isEmpty();
    }
}
