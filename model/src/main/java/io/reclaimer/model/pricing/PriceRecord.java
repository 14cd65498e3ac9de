package io.reclaimer.model.pricing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.reclaimer.model.Event;
import java.time.Instant;

/**
 * Everything on the compacted {@code pricing.prices} topic, keyed by {@link #key()}: list prices from the AWS
 * Price List API, current spot prices, and each account's effective discount. The latest record of a key is
 * the price in force; the AWS collector refreshes them daily (spot prices hourly).
 */
@JsonSubTypes({
    @JsonSubTypes.Type(InstanceTypePrice.class),
    @JsonSubTypes.Type(SpotPrice.class),
    @JsonSubTypes.Type(UsagePrice.class),
    @JsonSubTypes.Type(EffectiveDiscount.class),
})
public sealed interface PriceRecord extends Event permits InstanceTypePrice, SpotPrice, UsagePrice, EffectiveDiscount {

    /** Where the price came from, as {@code NodeInfo.priceSource} and finding evidence quote it. */
    String AWS_PRICE_LIST = "aws-price-list";
    String AWS_SPOT_PRICE_HISTORY = "aws-spot-price-history";
    String COST_EXPLORER = "cost-explorer";

    String key();

    Instant observedAt();
}
