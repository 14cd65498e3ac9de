package io.reclaimer.streams.rightsizing;

import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.rightsizing.topology.RightsizingInput;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import io.reclaimer.streams.rightsizing.topology.RightsizingProcessor;
import io.reclaimer.streams.rightsizing.topology.RightsizingStore;
import io.reclaimer.streams.rightsizing.strategy.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Rightsizing as a feature of the analysis topology. Usage samples, OOM kills and inventory changes of a
 * workload container (all keyed by {@code ContainerRef.key()}, co-partitioned) are folded into its state in
 * the changelogged store {@value #STORE}; a {@code Recommendation} goes to the recommendations topic when it
 * changes materially, a tombstone when the workload container is deleted or has been silent for a whole memory
 * window. The pod's container count (to split VPA's pod minimums) is counted per workload through a
 * repartition and sent back to each container's partition.
 *
 * <p>Use {@link #queries(AnalysisService)} for the current recommendation of any container.
 */
public final class RightsizingFeature implements AnalysisFeature {

    /** The state store: encoded {@code RightsizingState} per container key. */
    public static final String STORE = "rightsizing-state";
    /** Container names per workload key, to know how many containers a pod has. */
    public static final String WORKLOAD_CONTAINERS_STORE = "rightsizing-workload-containers";

    private final RightsizingConfig config;
    private final Recommendations recommendations;

    public RightsizingFeature(RightsizingConfig config) {
        this.config = config;
        this.recommendations = new Recommendations(config, Strategy.of(config));
    }

    public RightsizingConfig config() {
        return config;
    }

    public Recommendations recommendations() {
        return recommendations;
    }

    /** Reads current recommendations from a running service's local state. */
    public RightsizingQueries queries(AnalysisService service) {
        return new RightsizingQueries(service, config, recommendations);
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, RightsizingConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new RightsizingFeature(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void addTo(AnalysisInputs inputs) {
        StreamsBuilder builder = inputs.builder();
        // decoded states in memory, written (encoded) once per commit to the store below and its changelog. The
        // RightsizingStore is the cache: a record cache under it would only copy every state once more per sample
        // (at a million containers 12% of the stream thread's profile samples were in it: docs/rightsizing.md).
        // The encoded states are on the heap by default: at a million containers the stream threads' CPU per sample
        // halved without RocksDB's reads and writes, and its compactions went (docs/rightsizing.md, "The states on
        // the heap")
        KeyValueBytesStoreSupplier states = config.statesInMemory() ? Stores.inMemoryKeyValueStore(STORE)
                : Stores.persistentKeyValueStore(STORE);
        builder.addStateStore(RightsizingStore.builder(Stores.keyValueStoreBuilder(states,
                Serdes.String(), Serdes.ByteArray()),
                new RightsizingStateCodec(config.aggregations(), config.dailyPeakDays()), config.cacheEntriesPerTask()));

        // samples and events go in as they are: no wrapper object per sample on the hot path
        KStream<String, Object> usage = (KStream<String, Object>) (KStream<String, ?>) inputs.usage();
        KStream<String, Object> events = (KStream<String, Object>) (KStream<String, ?>) inputs.containerEvents();
        KStream<String, Object> specs = inputs.workloads().toStream()
                .mapValues(spec -> (Object) new RightsizingInput.SpecChange(spec));
        KStream<String, Object> podContainers = podContainerCounts(inputs)
                .mapValues(count -> (Object) new RightsizingInput.PodContainers(count));

        TopicSpec<String, io.reclaimer.model.rightsizing.Recommendation> out = inputs.topics().recommendations();
        // the low-rate inputs are merged first, so a sample passes one merge node, not three
        usage.merge(events.merge(specs).merge(podContainers))
                .process(() -> new RightsizingProcessor(config, recommendations, STORE, AnalysisInputs.WORKLOADS_STORE),
                        STORE, AnalysisInputs.WORKLOADS_STORE)
                .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()));
    }

    /** How many containers each workload's pods have, delivered to every container's own partition. */
    private static KStream<String, Integer> podContainerCounts(AnalysisInputs inputs) {
        return inputs.workloads()
                .groupBy((key, spec) -> KeyValue.pair(workloadKey(spec), spec.container().container()),
                        Grouped.with("rightsizing-workload-containers", Serdes.String(), Serdes.String()))
                .aggregate(() -> "", (workload, name, names) -> withName(names, name, true),
                        (workload, name, names) -> withName(names, name, false),
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(WORKLOAD_CONTAINERS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .toStream()
                .flatMap((workload, names) -> {
                    List<KeyValue<String, Integer>> counts = new ArrayList<>();
                    if (names != null && !names.isEmpty()) {
                        String[] all = names.split(",");
                        for (String name : all) {
                            counts.add(KeyValue.pair(workload + '/' + name, all.length));
                        }
                    }
                    return counts;
                })
                .repartition(Repartitioned.<String, Integer>as("rightsizing-pod-containers")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Integer())
                        .withNumberOfPartitions(Topics.CONTAINER_PARTITIONS));
    }

    private static String workloadKey(WorkloadContainerSpec spec) {
        return spec.container().workload().key();
    }

    /** Container names are DNS labels (no commas): a sorted, comma-separated set is enough. */
    static String withName(String names, String name, boolean add) {
        TreeSet<String> set = new TreeSet<>();
        if (names != null && !names.isEmpty()) {
            set.addAll(Arrays.asList(names.split(",")));
        }
        if (add) {
            set.add(name);
        } else {
            set.remove(name);
        }
        return String.join(",", set);
    }
}
