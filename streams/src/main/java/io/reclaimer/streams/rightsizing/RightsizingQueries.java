package io.reclaimer.streams.rightsizing;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Interactive queries: the current recommendation of a container, computed from this instance's state as of
 * its newest sample (fresher than the last emitted record, which waits for a material change). With several
 * instances a container lives on one of them: {@link #host} says which, so a caller (the app's HTTP endpoint)
 * can forward the question.
 */
public final class RightsizingQueries {

    /** The order of {@link #all()}: most monthly savings first (unknown savings last), then by container key. */
    public static final Comparator<Recommendation> MOST_SAVINGS_FIRST = Comparator
            .comparing((Recommendation r) -> r.monthlySavingsUsd() == null ? Double.NEGATIVE_INFINITY : r.monthlySavingsUsd())
            .reversed().thenComparing(r -> r.container().key());

    private final AnalysisService service;
    private final Recommendations recommendations;
    private final RightsizingStateCodec codec;

    RightsizingQueries(AnalysisService service, RightsizingConfig config, Recommendations recommendations) {
        this.service = service;
        this.recommendations = recommendations;
        this.codec = new RightsizingStateCodec(config.aggregations(), config.dailyPeakDays());
    }

    /** The recommendation for a container hosted here; empty when unknown here or too little history. */
    public Optional<Recommendation> current(ContainerRef container) {
        byte[] bytes = stateStore().get(container.key());
        if (bytes == null) {
            return Optional.empty();
        }
        return build(container, codec.decode(bytes));
    }

    /**
     * The what-if of a proposed request for a container hosted here, estimated from its state
     * ({@link WhatIfEstimator}); empty when unknown here or without usage yet.
     */
    public Optional<WhatIfEstimate> whatIf(ContainerRef container, double cpuCores, long memoryBytes) {
        byte[] bytes = stateStore().get(container.key());
        if (bytes == null) {
            return Optional.empty();
        }
        return WhatIfEstimator.estimate(codec.decode(bytes), cpuCores, memoryBytes);
    }

    /** Every recommendation this instance hosts, most monthly savings first. */
    public List<Recommendation> all() {
        List<Recommendation> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> states = stateStore().all()) {
            while (states.hasNext()) {
                KeyValue<String, byte[]> entry = states.next();
                ContainerRef container;
                try {
                    container = ContainerRef.parse(entry.key);
                } catch (InvalidEventException e) {
                    continue;
                }
                build(container, codec.decode(entry.value)).ifPresent(all::add);
            }
        }
        all.sort(MOST_SAVINGS_FIRST);
        return all;
    }

    /** The instance ({@code application.server}) hosting a container's state, when the cluster knows it. */
    public Optional<HostInfo> host(ContainerRef container) {
        KeyQueryMetadata metadata = service.kafkaStreams().queryMetadataForKey(RightsizingFeature.STORE,
                container.key(), Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Optional.empty();
        }
        return Optional.of(metadata.activeHost());
    }

    private Optional<Recommendation> build(ContainerRef container, RightsizingState state) {
        Map<String, String> labels = Map.of();
        Map<String, String> annotations = Map.of();
        try {
            ReadOnlyKeyValueStore<String, ValueAndTimestamp<WorkloadContainerSpec>> workloads = service.store(
                    AnalysisInputs.WORKLOADS_STORE, QueryableStoreTypes.timestampedKeyValueStore());
            ValueAndTimestamp<WorkloadContainerSpec> spec = workloads.get(container.key());
            if (spec != null && spec.value() != null) {
                labels = spec.value().labels();
                annotations = spec.value().annotations();
            }
        } catch (RuntimeException e) {
            // no inventory store in this topology: recommendations without labels
        }
        return recommendations.build(container, state, labels, annotations);
    }

    private ReadOnlyKeyValueStore<String, byte[]> stateStore() {
        return service.store(RightsizingFeature.STORE, QueryableStoreTypes.keyValueStore());
    }
}
