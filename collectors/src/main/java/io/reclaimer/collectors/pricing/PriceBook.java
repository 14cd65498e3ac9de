package io.reclaimer.collectors.pricing;

import io.reclaimer.model.pricing.EffectiveDiscount;
import io.reclaimer.model.pricing.InstanceTypePrice;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.SpotPrice;
import io.reclaimer.model.pricing.UsagePrice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The prices in force, as the compacted prices topic holds them (fed by {@link KafkaPriceFeed}, or directly in
 * tests): the AWS Price List's instance-type and usage prices, spot prices by zone, effective discounts.
 * Thread-safe; listeners hear of every change, so priced inventories can be re-priced.
 */
public final class PriceBook {

    private final Map<String, PriceRecord> prices = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** An empty book: everything is priced from the shipped table until prices arrive. */
    public static PriceBook empty() {
        return new PriceBook();
    }

    /** The record now in force for {@code key}; null removes it (a tombstone). */
    public void apply(String key, PriceRecord record) {
        PriceRecord before = record == null ? prices.remove(key) : prices.put(key, record);
        if (!java.util.Objects.equals(before, record)) {
            listeners.forEach(Runnable::run);
        }
    }

    public void put(PriceRecord record) {
        apply(record.key(), record);
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public int size() {
        return prices.size();
    }

    public Optional<InstanceTypePrice> instanceType(String region, String instanceType) {
        return typed(InstanceTypePrice.keyOf(region, instanceType), InstanceTypePrice.class);
    }

    public Optional<SpotPrice> spot(String region, String zone, String instanceType) {
        return typed(SpotPrice.keyOf(region, zone, instanceType), SpotPrice.class);
    }

    public Optional<UsagePrice> usage(UsagePrice.Product product, String region, String name) {
        return typed(UsagePrice.keyOf(product, region, name), UsagePrice.class);
    }

    public Optional<EffectiveDiscount> discount(String account) {
        return typed(EffectiveDiscount.keyOf(account), EffectiveDiscount.class);
    }

    /** Every instance type priced in a region (candidates for a node pool's shape). */
    public List<InstanceTypePrice> instanceTypes(String region) {
        return prices.values().stream().filter(p -> p instanceof InstanceTypePrice i && i.region().equals(region))
                .map(InstanceTypePrice.class::cast).toList();
    }

    private <T extends PriceRecord> Optional<T> typed(String key, Class<T> type) {
        PriceRecord record = prices.get(key);
        return type.isInstance(record) ? Optional.of(type.cast(record)) : Optional.empty();
    }
}
