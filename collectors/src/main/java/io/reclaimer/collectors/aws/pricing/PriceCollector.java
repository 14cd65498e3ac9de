package io.reclaimer.collectors.aws.pricing;

import io.reclaimer.collectors.aws.CollectionErrors;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.pricing.EffectiveDiscount;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.SpotPrice;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * Puts real prices on the compacted prices topic: each region's Price List prices, its current spot prices,
 * and each billing account's effective discount. A failed read is counted and logged and leaves the topic's
 * previous prices in force (nothing is tombstoned: an old price beats none).
 */
public final class PriceCollector {

    private static final Logger LOG = LoggerFactory.getLogger(PriceCollector.class);
    /** Cost Explorer's figures for the last two days still move; the window ends before them. */
    static final int UNSETTLED_DAYS = 2;

    private final Topics topics;
    private final CollectionErrors errors;
    private final Clock clock;
    private final int discountWindowDays;
    private final List<String> spotInstanceTypes;
    private final String endpointRegion;

    public PriceCollector(Topics topics, CollectionErrors errors, Clock clock, int discountWindowDays,
                          List<String> spotInstanceTypes, String endpointRegion) {
        this.topics = topics;
        this.errors = errors;
        this.clock = clock;
        this.discountWindowDays = discountWindowDays;
        this.spotInstanceTypes = List.copyOf(spotInstanceTypes);
        this.endpointRegion = endpointRegion;
    }

    /** The Price List prices of {@code region}; returns how many were published. */
    public int listPrices(String account, String region, PricingClient pricing, EventSink sink) {
        Instant now = clock.instant();
        try {
            PriceListReader reader = new PriceListReader(pricing);
            List<PriceRecord> prices = reader.read(region, now);
            prices.forEach(p -> sink.emit(topics.prices(), p.key(), p));
            LOG.info("region {}: {} Price List prices in {} page(s)", region, prices.size(), reader.pages());
            return prices.size();
        } catch (RuntimeException e) {
            errors.failed(account, endpointRegion, "pricing", e);
            return 0;
        }
    }

    /** The spot prices in force in {@code region}. */
    public int spotPrices(String account, String region, Ec2Client ec2, EventSink sink) {
        Instant now = clock.instant();
        try {
            List<SpotPrice> prices = new SpotPriceReader(ec2).read(region, spotInstanceTypes, now);
            prices.forEach(p -> sink.emit(topics.prices(), p.key(), p));
            LOG.info("region {}: {} spot prices", region, prices.size());
            return prices.size();
        } catch (RuntimeException e) {
            errors.failed(account, region, "ec2", e);
            return 0;
        }
    }

    /** The account's effective discount over the last settled {@code discountWindowDays}. */
    public int discount(String account, CostExplorerClient costExplorer, String costExplorerRegion, EventSink sink) {
        LocalDate end = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(UNSETTLED_DAYS);
        LocalDate start = end.minusDays(discountWindowDays);
        try {
            EffectiveDiscount discount = new EffectiveDiscountReader(costExplorer).read(account, start, end, clock.instant());
            if (discount == null) {
                LOG.info("account {}: no EC2 compute cost {}..{}, no effective discount", account, start, end);
                return 0;
            }
            sink.emit(topics.prices(), discount.key(), discount);
            LOG.info("account {}: effective discount factor {} ({}..{})", account, discount.factor(), start, end);
            return 1;
        } catch (RuntimeException e) {
            errors.failed(account, costExplorerRegion, "ce", e);
            return 0;
        }
    }
}
