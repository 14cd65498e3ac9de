package io.reclaimer.streams.allocation;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.usage.HourlyUsage;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * OpenCost-style cost allocation per cluster, namespace, workload and team ({@code costs.allocation}), and
 * the daily reconciliation of the estimate with the Cost Explorer lines of the cluster's tag
 * ({@code costs.reconciliation}).
 *
 * <p>Hourly usage meets the workload spec on the container's partition (requests, unit prices, team
 * label) and becomes a charge; charges, nodes and the cluster's invoice lines meet on the cluster's
 * partition in the {@link CostLedger}, which publishes what changed.
 */
public final class CostAllocationFeature implements AnalysisFeature {

    /** Per cluster: published allocation lines and reconciliations, queryable for metrics and reports. */
    public static final String PUBLISHED_STORE = CostLedger.PUBLISHED_STORE;

    private final AllocationConfig allocation;
    private final Duration sampleLateness;

    /** {@code sampleLateness}: how late a usage sample may arrive and still count for its hour ({@code waste}). */
    public CostAllocationFeature(AllocationConfig allocation, Duration sampleLateness) {
        this.allocation = allocation;
        this.sampleLateness = sampleLateness;
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, AllocationConfig allocation, Duration sampleLateness) {
        StreamsBuilder builder = new StreamsBuilder();
        new CostAllocationFeature(allocation, sampleLateness).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    /** Allocation lines currently published by this instance (the clusters whose partitions it owns). */
    public static List<CostAllocation> published(ReadOnlyKeyValueStore<String, ClusterLedger.Publication> ledger) {
        return CostLedger.published(ledger);
    }

    /** Reconciliations currently published by this instance. */
    public static List<CostReconciliation> reconciliations(ReadOnlyKeyValueStore<String, ClusterLedger.Publication> ledger) {
        return CostLedger.reconciliations(ledger);
    }

    /** Container-hours charged for hours already beyond the ledger's retention, in this JVM. */
    public static long lateCharges() {
        return CostLedger.lateCharges();
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        Topics topics = inputs.topics();
        StreamsBuilder builder = inputs.builder();
        // the accounts' effective discounts, looked up by the ledger (docs/pricing.md)
        io.reclaimer.streams.pricing.PriceTable.attach(inputs);

        KStream<String, LedgerSignal> charges = HourlyUsage.of(inputs, sampleLateness)
                .leftJoin(inputs.workloads(), (hour, spec) -> LedgerSignal.charge(hour.container().key(),
                                hour.hourStart().getEpochSecond() / 3600,
                                OpenCostAllocator.charge(hour, spec, allocation.teamLabel())),
                        Joined.as("allocation-usage-spec"))
                .selectKey((key, signal) -> ContainerRef.parse(key).cluster(), Named.as("allocation-charges-by-cluster"));
        KStream<String, LedgerSignal> nodes = inputs.kubernetesInventory().toStream(Named.as("allocation-inventory"))
                .filter((key, value) -> value instanceof NodeInfo || value == null && "Node".equals(ObjectRef.parse(key).kind()),
                        Named.as("allocation-nodes-only"))
                .map((key, value) -> {
                    ObjectRef ref = ObjectRef.parse(key);
                    return KeyValue.pair(ref.cluster(), LedgerSignal.node(ref.name(), (NodeInfo) value));
                }, Named.as("allocation-nodes-by-cluster"));
        String tagKey = allocation.reconciliationTagKey();
        String metric = allocation.reconciliationMetric();
        KStream<String, LedgerSignal> invoices = inputs.billing()
                .filter((key, line) -> line != null && "TAG".equals(line.groupKey()) && tagKey.equals(line.tagKey())
                        && metric.equals(line.metric()) && !line.tagValue().isEmpty(), Named.as("allocation-invoice-lines"))
                .map((key, line) -> KeyValue.pair(line.tagValue(), LedgerSignal.invoice(line)),
                        Named.as("allocation-invoices-by-cluster"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CostLedger.CLUSTERS_STORE),
                Serdes.String(), JsonSerde.of(ClusterLedger.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CostLedger.HOURS_STORE),
                Serdes.String(), JsonSerde.of(HourCharges.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CostLedger.PUBLISHED_STORE),
                Serdes.String(), JsonSerde.of(ClusterLedger.Publication.class)).withCachingEnabled());
        KStream<String, LedgerOutput> outputs = charges.merge(nodes, Named.as("allocation-charges-and-nodes"))
                .merge(invoices, Named.as("allocation-signals"))
                .repartition(Repartitioned.<String, LedgerSignal>as("allocation-signals")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(LedgerSignal.class)))
                .process(() -> new CostLedger(allocation), Named.as("allocation-ledger"), CostLedger.CLUSTERS_STORE,
                        CostLedger.HOURS_STORE, CostLedger.PUBLISHED_STORE);

        TopicSpec<String, CostAllocation> allocations = topics.costAllocations();
        outputs.filter((key, out) -> !out.isReconciliation(), Named.as("allocation-lines"))
                .mapValues(LedgerOutput::allocation, Named.as("allocation-line-values"))
                .to(allocations.name(), Produced.with(allocations.keySerde(), allocations.valueSerde())
                        .withName("allocation-sink"));
        TopicSpec<String, CostReconciliation> reconciliations = topics.costReconciliations();
        outputs.filter((key, out) -> out.isReconciliation(), Named.as("allocation-reconciliations"))
                .mapValues(LedgerOutput::reconciliation, Named.as("allocation-reconciliation-values"))
                .to(reconciliations.name(), Produced.with(reconciliations.keySerde(), reconciliations.valueSerde())
                        .withName("reconciliation-sink"));
    }

}
