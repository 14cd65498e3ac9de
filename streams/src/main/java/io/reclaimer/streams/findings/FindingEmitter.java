package io.reclaimer.streams.findings;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.findings.FindingTracker.Tracked;
import io.reclaimer.streams.waste.WasteConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka edge of {@link FindingTracker}: keeps each finding's state in a store (keyed by finding id, on
 * the partition of the resource it is about), writes findings and tombstones to the compacted findings
 * topic. Every assessment of one resource must come through the same emitter, on the same partition.
 */
public final class FindingEmitter implements Processor<String, Assessment, String, Finding> {

    private final String storeName;
    private final WasteConfig.Thresholds thresholds;
    private KeyValueStore<String, Tracked> store;
    private ProcessorContext<String, Finding> context;

    private FindingEmitter(String storeName, WasteConfig.Thresholds thresholds) {
        this.storeName = storeName;
        this.thresholds = thresholds;
    }

    /** Adds the store and the emitter after {@code assessments}, writing to the findings topic. */
    public static void attach(StreamsBuilder builder, Topics topics, KStream<String, Assessment> assessments,
                              String storeName, WasteConfig.Thresholds thresholds) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(),
                JsonSerde.of(Tracked.class)).withCachingEnabled());
        TopicSpec<String, Finding> findings = topics.findings();
        assessments.process(() -> new FindingEmitter(storeName, thresholds), Named.as(storeName + "-emitter"), storeName)
                .to(findings.name(), Produced.with(findings.keySerde(), findings.valueSerde()).withName(storeName + "-sink"));
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Assessment> record) {
        Assessment assessment = record.value();
        if (assessment == null) {
            return;
        }
        Tracked previous = store.get(assessment.findingId());
        FindingTracker.Outcome outcome = FindingTracker.apply(previous, assessment, thresholds.of(assessment.kind()));
        if (outcome.next() == null) {
            if (previous != null) {
                store.delete(assessment.findingId());
            }
        } else if (!outcome.next().equals(previous)) {
            store.put(assessment.findingId(), outcome.next());
        }
        if (outcome.publish() != null) {
            context.forward(new Record<>(assessment.findingId(), outcome.publish(), record.timestamp()));
        } else if (outcome.tombstone()) {
            context.forward(new Record<String, Finding>(assessment.findingId(), null, record.timestamp()));
        }
    }

    /** The findings an emitter store currently has published (for metrics and reports). */
    public static List<Finding> published(ReadOnlyKeyValueStore<String, Tracked> store) {
        List<Finding> open = new ArrayList<>();
        try (KeyValueIterator<String, Tracked> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Tracked> entry = all.next();
                if (entry.value != null && entry.value.published() != null) {
                    open.add(entry.value.published());
                }
            }
        }
        return open;
    }
}
