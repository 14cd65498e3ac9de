package io.reclaimer.streams.intake;

import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Pipeline health: per cluster, how many usage samples arrived and when the newest one was taken, so a
 * collector that went quiet shows up. Counted per partition in a local store without repartitioning the
 * busiest topic; {@link #totals} adds the partitions up.
 */
public final class UsageIntake implements AnalysisFeature {

    public static final String STORE = "usage-intake-by-cluster";

    @Override
    public void addTo(AnalysisInputs inputs) {
        StoreBuilder<KeyValueStore<String, ClusterIntake>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), new ClusterIntakeSerde());
        inputs.builder().addStateStore(store);
        inputs.usage().process(IntakeCounter::new, STORE);
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        new UsageIntake().addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    /** Per-cluster totals over every partition of a (composite) store view. */
    public static Map<String, ClusterIntake> totals(ReadOnlyKeyValueStore<String, ClusterIntake> store) {
        Map<String, ClusterIntake> totals = new TreeMap<>();
        try (KeyValueIterator<String, ClusterIntake> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, ClusterIntake> entry = all.next();
                totals.merge(entry.key, entry.value, ClusterIntake::plus);
            }
        }
        return totals;
    }

    private static final class IntakeCounter implements Processor<String, UsageSample, Void, Void> {
        private KeyValueStore<String, ClusterIntake> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, UsageSample> record) {
            UsageSample sample = record.value();
            if (sample == null) {
                return;
            }
            ClusterIntake one = new ClusterIntake(1, sample.timestamp());
            ClusterIntake current = store.get(sample.container().cluster());
            store.put(sample.container().cluster(), current == null ? one : current.plus(one));
        }
    }
}
