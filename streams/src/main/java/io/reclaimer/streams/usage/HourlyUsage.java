package io.reclaimer.streams.usage;

import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisInputs;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Usage samples rolled up per container and clock hour, in event time, without repartitioning the
 * busiest topic: the output keeps the container key (and partition), so it still joins the workload specs.
 * Shared by the features that need hourly usage (idle namespaces, off-hours schedules, cost allocation)
 * through {@link AnalysisInputs#derived}.
 */
public final class HourlyUsage {

    public static final String STORE = "hourly-usage-open";
    private static final AtomicLong LATE = new AtomicLong();

    private HourlyUsage() {
    }

    /** The hourly stream, built once per topology. */
    public static KStream<String, ContainerHour> of(AnalysisInputs inputs, Duration lateness) {
        return inputs.derived("hourly-usage", in -> build(in, lateness));
    }

    private static KStream<String, ContainerHour> build(AnalysisInputs inputs, Duration lateness) {
        inputs.builder().addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), new OpenHoursSerde()).withCachingEnabled());
        return inputs.usage().processValues(() -> new Roller(lateness), Named.as("hourly-usage"), STORE);
    }

    /** Samples that arrived after their hour had closed, in this JVM since start-up. */
    public static long lateSamples() {
        return LATE.get();
    }

    private static final class Roller implements FixedKeyProcessor<String, UsageSample, ContainerHour> {
        private final Duration lateness;
        private FixedKeyProcessorContext<String, ContainerHour> context;
        private KeyValueStore<String, OpenHours> store;

        Roller(Duration lateness) {
            this.lateness = lateness;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, ContainerHour> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, UsageSample> record) {
            UsageSample sample = record.value();
            if (sample == null) {
                return;
            }
            String key = sample.container().key();
            OpenHours current = store.get(key);
            OpenHours.Step step = (current == null ? OpenHours.EMPTY : current).add(sample.container(), sample, lateness);
            if (step.late()) {
                LATE.incrementAndGet();
                return;
            }
            store.put(key, step.next());
            for (ContainerHour hour : step.closed()) {
                // the record keeps the sample's Kafka timestamp: event time travels in the value, and the broker
                // refuses timestamps far in the future (a simulator running faster than the clock)
                context.forward(record.withValue(hour));
            }
        }
    }
}
