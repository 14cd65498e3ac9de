package io.reclaimer.streams.pricing;

import io.reclaimer.model.pricing.EffectiveDiscount;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.UsagePrice;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.streams.AnalysisInputs;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The prices topic as a global table: every instance holds all of it (a few thousand small records per
 * region), so any processor can look a price or an account's effective discount up by key, whatever
 * partition it runs on. Created once per topology, by the first feature that needs it.
 */
public final class PriceTable {

    public static final String STORE = "prices";

    private final ReadOnlyKeyValueStore<String, ?> store;

    private PriceTable(ReadOnlyKeyValueStore<String, ?> store) {
        this.store = store;
    }

    /** Adds the global table to the topology (once); its store is {@link #STORE}. */
    public static GlobalKTable<String, PriceRecord> attach(AnalysisInputs inputs) {
        return inputs.derived("prices-global-table", in -> {
            TopicSpec<String, PriceRecord> topic = in.topics().prices();
            return in.builder().globalTable(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
                            .withName("prices-source"),
                    Materialized.<String, PriceRecord, KeyValueStore<Bytes, byte[]>>as(STORE)
                            .withKeySerde(topic.keySerde()).withValueSerde(topic.valueSerde()));
        });
    }

    /**
     * A view on the global store as a processor sees it ({@code context.getStateStore(STORE)}: a timestamped
     * store whose values come wrapped with their timestamp) or as interactive queries see it (plain values).
     */
    public static PriceTable of(ReadOnlyKeyValueStore<String, ?> store) {
        return new PriceTable(store);
    }

    /** The table a processor can see, or {@link #none()} when the topology has none. */
    public static PriceTable from(org.apache.kafka.streams.processor.api.ProcessorContext<?, ?> context) {
        try {
            return of(context.getStateStore(STORE));
        } catch (org.apache.kafka.streams.errors.StreamsException | IllegalStateException | ClassCastException e) {
            return none();
        }
    }

    /** No prices: every lookup misses (tests, topologies without the table). */
    public static PriceTable none() {
        return new PriceTable(null);
    }

    public Optional<EffectiveDiscount> discount(String account) {
        return typed(EffectiveDiscount.keyOf(account), EffectiveDiscount.class);
    }

    /**
     * The discount that applies to a cluster: its account's when known; without one, the only discount there
     * is when exactly one account has one (a single-account fleet needs no cluster-to-account mapping).
     */
    public Optional<EffectiveDiscount> discountFor(String account) {
        if (store == null) {
            return Optional.empty();
        }
        if (account != null && !account.isEmpty()) {
            return discount(account);
        }
        EffectiveDiscount only = null;
        try (var range = store.prefixScan("discount/", new org.apache.kafka.common.serialization.StringSerializer())) {
            while (range.hasNext()) {
                if (unwrap(range.next().value) instanceof EffectiveDiscount d) {
                    if (only != null) {
                        return Optional.empty();
                    }
                    only = d;
                }
            }
        }
        return Optional.ofNullable(only);
    }

    /**
     * The instance types the Price List has for {@code region} that a node pool could run on (a shape, an on-demand
     * price, no GPU); empty without a table or a region.
     */
    public java.util.List<io.reclaimer.model.pricing.InstanceTypePrice> instanceTypes(String region) {
        java.util.List<io.reclaimer.model.pricing.InstanceTypePrice> out = new java.util.ArrayList<>();
        if (store == null || region == null || region.isEmpty()) {
            return out;
        }
        try (var range = store.prefixScan("ec2/" + region + "/", new org.apache.kafka.common.serialization.StringSerializer())) {
            while (range.hasNext()) {
                if (unwrap(range.next().value) instanceof io.reclaimer.model.pricing.InstanceTypePrice p
                        && p.onDemandUsdPerHour() > 0 && p.vcpu() > 0 && p.memoryGib() > 0 && p.gpus() == 0) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The current spot price of an instance type in an availability zone, if the collector has read one. */
    public Optional<io.reclaimer.model.pricing.SpotPrice> spot(String region, String zone, String instanceType) {
        if (region == null || region.isEmpty() || zone == null || zone.isEmpty() || instanceType == null
                || instanceType.isEmpty()) {
            return Optional.empty();
        }
        return typed(io.reclaimer.model.pricing.SpotPrice.keyOf(region, zone, instanceType),
                io.reclaimer.model.pricing.SpotPrice.class);
    }

    public Optional<UsagePrice> usage(UsagePrice.Product product, String region, String name) {
        return typed(UsagePrice.keyOf(product, region, name), UsagePrice.class);
    }

    private <T extends PriceRecord> Optional<T> typed(String key, Class<T> type) {
        if (store == null) {
            return Optional.empty();
        }
        Object record = unwrap(store.get(key));
        return type.isInstance(record) ? Optional.of(type.cast(record)) : Optional.empty();
    }

    private static Object unwrap(Object value) {
        return value instanceof org.apache.kafka.streams.state.ValueAndTimestamp<?> stamped ? stamped.value() : value;
    }
}
