package io.reclaimer.streams;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.metrics.RecommendationIndex;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The source streams and tables of the analysis topology, created once and shared by every feature: Kafka
 * Streams allows one source node per topic in a topology, so features must not call
 * {@code builder.stream(topic)} themselves. Each input is created on first use, so a topology that does
 * not need a table does not pay for its state store.
 */
public final class AnalysisInputs {

    /** Store names of the input tables, for interactive queries. */
    public static final String WORKLOADS_STORE = "workloads";
    public static final String KUBERNETES_INVENTORY_STORE = "kubernetes-inventory";
    public static final String CLOUD_INVENTORY_STORE = "cloud-inventory";
    /** Container key → its current recommendation's contribution to the metrics ({@link RecommendationIndex}). */
    public static final String RECOMMENDATIONS_STORE = RecommendationIndex.STORE;

    private final StreamsBuilder builder;
    private final Topics topics;
    private final Supplier<KStream<String, UsageSample>> usage;
    private final Supplier<KStream<String, ContainerEvent>> containerEvents;
    private final Supplier<KStream<String, BillingLine>> billing;
    private final Supplier<KTable<String, WorkloadContainerSpec>> workloads;
    private final Supplier<KTable<String, KubernetesObject>> kubernetesInventory;
    private final Supplier<KTable<String, CloudResource>> cloudInventory;
    private final Supplier<KStream<String, Recommendation>> recommendations;
    private final Supplier<KStream<String, ActionRequest>> actionRequests;
    private final Supplier<KStream<String, ActionResult>> actionResults;
    private final Supplier<KStream<String, CostReconciliation>> reconciliations;
    private final Map<String, Object> derived = new HashMap<>();

    public AnalysisInputs(StreamsBuilder builder, Topics topics) {
        this.builder = builder;
        this.topics = topics;
        // the busiest topic gets the fast reader; same contract, same dead letters (see UsageSampleSerde)
        // every key is checked against the identity its topic promises before any processor sees it (InputKeys)
        usage = once(() -> builder.stream(topics.usageSamples().name(), Consumed.with(InputKeys.containers(),
                new UsageSampleSerde((JsonSerde<UsageSample>) topics.usageSamples().valueSerde()))));
        containerEvents = once(() -> stream(topics.containerEvents(), InputKeys.containers()));
        billing = once(() -> stream(topics.billingLines(), InputKeys.billingLines()));
        workloads = once(() -> table(topics.workloads(), InputKeys.containers(), WORKLOADS_STORE));
        kubernetesInventory = once(() -> table(topics.kubernetesInventory(), InputKeys.objects(), KUBERNETES_INVENTORY_STORE));
        cloudInventory = once(() -> table(topics.cloudInventory(), InputKeys.cloudResources(), CLOUD_INVENTORY_STORE));
        actionRequests = once(() -> stream(topics.actionRequests(), InputKeys.actionIds()));
        actionResults = once(() -> stream(topics.actionResults(), InputKeys.actionIds()));
        // the cost ledger's own output read back (a topic may be both a sink and a source of one topology)
        reconciliations = once(() -> stream(topics.costReconciliations(), InputKeys.reconciliationDays()));
        recommendations = once(() -> {
            builder.addStateStore(RecommendationIndex.store());
            return builder.stream(topics.recommendations().name(), Consumed.with(InputKeys.containers(),
                            topics.recommendations().valueSerde()))
                    .process(RecommendationIndex::new, Named.as("recommendation-index"), RECOMMENDATIONS_STORE);
        });
    }

    public StreamsBuilder builder() {
        return builder;
    }

    public Topics topics() {
        return topics;
    }

    public KStream<String, UsageSample> usage() {
        return usage.get();
    }

    public KStream<String, ContainerEvent> containerEvents() {
        return containerEvents.get();
    }

    public KStream<String, BillingLine> billing() {
        return billing.get();
    }

    public KTable<String, WorkloadContainerSpec> workloads() {
        return workloads.get();
    }

    public KTable<String, KubernetesObject> kubernetesInventory() {
        return kubernetesInventory.get();
    }

    public KTable<String, CloudResource> cloudInventory() {
        return cloudInventory.get();
    }

    /** The actions service's requests, keyed by action id (co-partitioned with its results). */
    public KStream<String, ActionRequest> actionRequests() {
        return actionRequests.get();
    }

    /** The actions service's execution results, keyed by action id. */
    public KStream<String, ActionResult> actionResults() {
        return actionResults.get();
    }

    /** The daily reconciliations the cost allocation publishes, read back from their topic. */
    public KStream<String, CostReconciliation> reconciliations() {
        return reconciliations.get();
    }

    /**
     * The rightsizing output read back as the changes of a table (the newest recommendation per container, null when
     * it is deleted), for the features that use it (findings) and the metrics' aggregates, which it maintains
     * ({@link RecommendationIndex}); the rightsizing feature itself writes the topic and never reads it.
     */
    public KStream<String, Recommendation> recommendations() {
        return recommendations.get();
    }

    /**
     * A stream or table derived from the inputs that several features share (hourly usage, for instance),
     * built once by the first feature that asks for it under {@code name}: the same rule as for sources,
     * one processor chain per derived input, not one per feature.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T derived(String name, Function<AnalysisInputs, T> factory) {
        Object existing = derived.get(name);
        if (existing == null) {
            existing = factory.apply(this);
            derived.put(name, existing);
        }
        return (T) existing;
    }

    private <V> KStream<String, V> stream(TopicSpec<String, V> topic, Serde<String> keys) {
        return builder.stream(topic.name(), Consumed.with(keys, topic.valueSerde()));
    }

    private <V> KTable<String, V> table(TopicSpec<String, V> topic, Serde<String> keys, String store) {
        return builder.table(topic.name(), Consumed.with(keys, topic.valueSerde()),
                Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(topic.keySerde()).withValueSerde(topic.valueSerde()));
    }

    private static <T> Supplier<T> once(Supplier<T> factory) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = factory.get();
                }
                return value;
            }
        };
    }
}
