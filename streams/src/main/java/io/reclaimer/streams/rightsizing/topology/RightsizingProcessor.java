package io.reclaimer.streams.rightsizing.topology;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.HpaInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.rightsizing.EmissionPolicy;
import io.reclaimer.streams.rightsizing.Recommendations;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.OomSizing;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import io.reclaimer.streams.rightsizing.state.WorkloadFacts;
import io.reclaimer.streams.rightsizing.strategy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds samples, OOM kills, inventory changes and pod container counts into each container's
 * {@link RightsizingState} and emits a {@link Recommendation} when it changes materially.
 *
 * <p>States are kept decoded in the {@link RightsizingStore}, which writes the changed ones once per commit.
 * Everything depends on sample time only: a replay emits the same records.
 */
public final class RightsizingProcessor implements Processor<String, Object, String, Recommendation> {

    /** Kafka timestamp of the record being processed: what outputs are stamped with. */
    private long inputTimestampMillis;

    private static final Logger LOG = LoggerFactory.getLogger(RightsizingProcessor.class);

    private final RightsizingConfig config;
    private final Recommendations recommendations;
    private final EmissionPolicy policy;
    private final Duration podIdleTimeout;
    private final String storeName;
    private final String workloadsStoreName;
    private ProcessorContext<String, Recommendation> context;
    private RightsizingStore store;
    private TimestampedKeyValueStore<String, WorkloadContainerSpec> workloads;
    // the oldest newest-sample time the last expiry scan left in the store: no scan before it can expire
    private long oldestNewest = Long.MIN_VALUE;
    // labels and annotations of the specs this processor has seen (it sees every change): emitting must not
    // decode the inventory's JSON each time
    private Map<String, WorkloadContainerSpec> specs;

    public RightsizingProcessor(RightsizingConfig config, Recommendations recommendations, String storeName,
                                String workloadsStoreName) {
        this.config = config;
        this.recommendations = recommendations;
        this.policy = new EmissionPolicy(config.minChangeFraction());
        this.podIdleTimeout = config.podIdleTimeout();
        this.storeName = storeName;
        this.workloadsStoreName = workloadsStoreName;
    }

    @Override
    public void init(ProcessorContext<String, Recommendation> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.workloads = workloadsStoreName == null ? null : context.getStateStore(workloadsStoreName);
        this.specs = lru(Math.max(1, config.cacheEntriesPerTask()));
        this.oldestNewest = Long.MIN_VALUE;
        context.schedule(config.expiryScanInterval(), PunctuationType.STREAM_TIME, this::expire);
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(Math.max(16, capacity * 4 / 3 + 1), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public void process(Record<String, Object> record) {
        inputTimestampMillis = record.timestamp();
        String key = record.key();
        Object value = record.value();
        if (key == null) {
            return;
        }
        if (value instanceof UsageSample sample) {
            RightsizingState state = load(key);
            if (state.addSample(sample.pod(), sample.timestamp().toEpochMilli(), sample.cpuCores(),
                    sample.memoryWorkingSetBytes(), podIdleTimeout)) {
                emitIfMaterial(key, sample.container(), state, false);
                save(key, state);
            }
        } else if (value instanceof ContainerEvent event) {
            if (event.type() == ContainerEvent.Type.OOM_KILLED) {
                RightsizingState state = load(key);
                if (state.recordOom(event.pod(), event.timestamp().toEpochMilli(), memoryAtKill(event, state))) {
                    emitIfMaterial(key, event.container(), state, false);
                    save(key, state);
                }
            }
        } else if (value instanceof RightsizingInput.SpecChange change) {
            specChanged(key, change.spec());
        } else if (value instanceof RightsizingInput.PodContainers containers) {
            RightsizingState state = load(key);
            WorkloadFacts facts = state.facts().withContainersInPod(containers.count());
            if (!facts.equals(state.facts())) {
                // no emission here: the count comes through a repartition at no fixed point between samples, and
                // emitting on it would make the emitted sequence depend on timing; the next sample picks it up
                state.facts(facts);
                save(key, state);
            }
        }
    }

    private static long memoryAtKill(ContainerEvent event, RightsizingState state) {
        return OomSizing.memoryAtKill(event.memoryRequestBytes(), event.memoryBytesAtEvent(),
                state.facts().memoryRequestBytes());
    }

    private void specChanged(String key, WorkloadContainerSpec spec) {
        if (spec == null) {
            // the workload container is gone: so is its recommendation
            specs.remove(key);
            if (store.contains(key)) {
                store.remove(key);
                context.forward(new Record<>(key, null, context.currentStreamTimeMs()));
            }
            return;
        }
        specs.put(key, spec);
        RightsizingState state = load(key);
        WorkloadFacts facts = state.facts().withSpecOf(factsOf(spec));
        if (facts.equals(state.facts())) {
            return;
        }
        state.facts(facts);
        if (!state.aggregate().isEmpty()) {
            emitIfMaterial(key, spec.container(), state, true);
        }
        save(key, state);
    }

    static WorkloadFacts factsOf(WorkloadContainerSpec spec) {
        UnitPrices prices = spec.prices();
        HpaInfo hpa = spec.hpa();
        return new WorkloadFacts(spec.requests().cpuCores(), spec.requests().memoryBytes(), spec.replicas(),
                prices == null ? null : prices.cpuUsdPerCoreHour(), prices == null ? null : prices.memoryUsdPerGibHour(),
                hpa != null && hpa.scalesOnCpu(), hpa != null && hpa.scalesOnMemory(), 0);
    }

    private void emitIfMaterial(String key, ContainerRef container, RightsizingState state, boolean force) {
        Strategy.Targets targets = recommendations.targets(state);
        if (targets == null) {
            return;
        }
        int flags = recommendations.flags(state).bits() | (state.facts().hpaScalesOnCpu() ? 4 : 0);
        RightsizingState.Emitted next = new RightsizingState.Emitted(true, targets.cpuMillicores(),
                targets.memoryBytes(), recommendations.confidenceStep(state), flags);
        if (!force && !policy.isMaterial(state.emitted(), next)) {
            return;
        }
        Optional<RecommendedResources> resources = recommendations.resources(state);
        if (resources.isEmpty()) {
            return;
        }
        RecommendedResources r = resources.get();
        WorkloadContainerSpec spec = spec(key);
        Map<String, String> labels = spec == null ? Map.of() : spec.labels();
        Map<String, String> annotations = spec == null ? Map.of() : spec.annotations();
        Recommendation recommendation = recommendations.build(container, state, r, labels, annotations)
                .withWorkloadUid(spec == null ? "" : spec.workloadUid());
        // the Kafka timestamp of the input that caused it, never the samples' event time: a broker refuses
        // records stamped more than log.message.timestamp.after.max.ms ahead of its clock
        context.forward(new Record<>(key, recommendation, inputTimestampMillis));
        state.emitted(next);
    }

    private WorkloadContainerSpec spec(String key) {
        WorkloadContainerSpec spec = specs.get(key);
        if (spec == null && workloads != null) {
            ValueAndTimestamp<WorkloadContainerSpec> stored = workloads.get(key);
            spec = stored == null ? null : stored.value();
            if (spec != null) {
                specs.put(key, spec);
            }
        }
        return spec;
    }

    private RightsizingState load(String key) {
        return store.load(key);
    }

    private void save(String key, RightsizingState state) {
        store.changed(key);
    }

    /** VPA's garbage collection: a container without samples for a whole memory window is forgotten. */
    private void expire(long streamTimeMillis) {
        long window = config.aggregations().memoryAggregationWindowLength().toMillis();
        if (oldestNewest != Long.MIN_VALUE && streamTimeMillis - oldestNewest < window) {
            return; // nothing stored was old enough at the last scan, and samples only make states newer
        }
        long oldestKept = Long.MAX_VALUE;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.allWritten()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                long newest = RightsizingStateCodec.newestSampleMillis(entry.value);
                if (newest != Long.MIN_VALUE && streamTimeMillis - newest >= window) {
                    expired.add(entry.key);
                } else if (newest != Long.MIN_VALUE) {
                    oldestKept = Math.min(oldestKept, newest);
                }
            }
        }
        for (String key : expired) {
            store.remove(key);
            context.forward(new Record<>(key, null, streamTimeMillis));
        }
        oldestNewest = oldestKept == Long.MAX_VALUE ? Long.MIN_VALUE : oldestKept;
    }

    @Override
    public void close() {
        if (specs != null) {
            specs.clear();
        }
    }
}
