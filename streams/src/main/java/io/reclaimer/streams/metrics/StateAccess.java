package io.reclaimer.streams.metrics;

import io.reclaimer.streams.AnalysisService;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the metrics read from a running analysis: its local state stores (only the partitions this
 * instance owns, as interactive queries give them) and Kafka Streams' own client metrics.
 */
public interface StateAccess {

    /** A store of this instance, or null while it is not queryable (starting, rebalancing, not in the topology). */
    <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name);

    Map<MetricName, ? extends Metric> kafkaMetrics();

    boolean running();

    /** The aggregates this instance's processors maintain. */
    LiveAggregates aggregates();

    /** Running and not failing repeatedly ({@code reclaimer_streams_up}); by default the same as running. */
    default boolean up() {
        return running();
    }

    static StateAccess of(AnalysisService service) {
        return new StateAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                if (service.state() != KafkaStreams.State.RUNNING) {
                    return null;
                }
                try {
                    return service.store(name, QueryableStoreTypes.<String, V>keyValueStore());
                } catch (InvalidStateStoreException e) {
                    return null;
                }
            }

            @Override
            public Map<MetricName, ? extends Metric> kafkaMetrics() {
                return service.kafkaStreams().metrics();
            }

            @Override
            public boolean running() {
                return service.running();
            }

            @Override
            public LiveAggregates aggregates() {
                return LiveAggregates.forInstance(service.instanceId());
            }

            @Override
            public boolean up() {
                return service.up();
            }
        };
    }
}
