package io.reclaimer.streams.metrics;

import io.reclaimer.model.rightsizing.Recommendation;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Reads the recommendations topic as a table: keeps each container's {@link Contribution} in a store (41 bytes, not
 * the JSON), applies the change from the previous one to the task's {@link RightsizingTotals}, and forwards the
 * recommendation (null for a tombstone) to the features that read the table. When a task starts, its totals are
 * rebuilt once from the store; scrapes never read the store.
 */
public final class RecommendationIndex implements Processor<String, Recommendation, String, Recommendation> {

    /** Container key → encoded {@link Contribution}. */
    public static final String STORE = "recommendation-contributions";

    private ProcessorContext<String, Recommendation> context;
    private KeyValueStore<String, byte[]> store;
    private LiveAggregates aggregates;
    private RightsizingTotals totals;
    private String task;

    public static StoreBuilder<KeyValueStore<String, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, Recommendation> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.aggregates = LiveAggregates.of(context);
        this.task = context.taskId().toString();
        this.totals = aggregates.startRightsizing(task);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                totals.replace(entry.key, null, Contribution.decode(entry.value));
            }
        }
    }

    @Override
    public void process(Record<String, Recommendation> record) {
        String key = record.key();
        Contribution before = Contribution.decode(store.get(key));
        Contribution after = record.value() == null ? null : Contribution.of(record.value());
        if (after == null) {
            if (before != null) {
                store.delete(key);
            }
        } else {
            store.put(key, after.encode());
        }
        totals.replace(key, before, after);
        context.forward(record);
    }

    @Override
    public void close() {
        if (aggregates != null) {
            aggregates.stopRightsizing(task, totals);
        }
    }
}
