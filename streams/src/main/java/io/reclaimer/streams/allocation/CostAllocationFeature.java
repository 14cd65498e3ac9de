package io.reclaimer.streams.allocation;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.usage.HourlyUsage;
import io.reclaimer.streams.waste.WasteConfig;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * OpenCost-style cost allocation per cluster, namespace, workload and team ({@code costs.allocation}), and
 * the daily reconciliation of the estimate with the Cost Explorer lines of the cluster's tag
 * ({@code costs.reconciliation}).
 *
 * <p>Hourly usage meets the workload spec on the container's partition (requests, unit prices, team
 * label) and becomes a charge; charges and nodes meet on the cluster's partition in the {@link CostLedger};
 * daily estimates meet the invoice lines on {@code cluster/date} in a table join.
 */
public final class CostAllocationFeature implements AnalysisFeature {

    /** The latest reconciliation per cluster-day, queryable for metrics. */
    public static final String RECONCILIATION_STORE = "cost-reconciliation";
    public static final String LEDGER_STORE = CostLedger.CLUSTERS_STORE;

    private final WasteConfig config;

    public CostAllocationFeature(WasteConfig config) {
        this.config = config;
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, WasteConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new CostAllocationFeature(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    /** Allocation lines currently published by this instance (the clusters whose partitions it owns). */
    public static List<CostAllocation> published(ReadOnlyKeyValueStore<String, ClusterLedger> ledger) {
        return CostLedger.published(ledger);
    }

    /** Container-hours charged for hours already beyond the ledger's retention, in this JVM. */
    public static long lateCharges() {
        return CostLedger.lateCharges();
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        WasteConfig.Allocation allocation = config.allocation();
        Topics topics = inputs.topics();
        StreamsBuilder builder = inputs.builder();

        KStream<String, LedgerSignal> charges = HourlyUsage.of(inputs, config.sampleLateness())
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

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CostLedger.CLUSTERS_STORE),
                Serdes.String(), JsonSerde.of(ClusterLedger.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CostLedger.HOURS_STORE),
                Serdes.String(), JsonSerde.of(HourCharges.class)));
        KStream<String, LedgerOutput> outputs = charges.merge(nodes, Named.as("allocation-signals"))
                .repartition(Repartitioned.<String, LedgerSignal>as("allocation-signals")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(LedgerSignal.class)))
                .process(() -> new CostLedger(allocation), Named.as("allocation-ledger"), CostLedger.CLUSTERS_STORE,
                        CostLedger.HOURS_STORE);

        TopicSpec<String, CostAllocation> allocations = topics.costAllocations();
        outputs.filter((key, out) -> !out.isEstimate(), Named.as("allocation-lines"))
                .mapValues(LedgerOutput::allocation, Named.as("allocation-line-values"))
                .to(allocations.name(), Produced.with(allocations.keySerde(), allocations.valueSerde())
                        .withName("allocation-sink"));

        KTable<String, OpenCostAllocator.DailyEstimate> estimates = outputs
                .filter((key, out) -> out.isEstimate(), Named.as("allocation-estimates"))
                .mapValues(LedgerOutput::estimate, Named.as("allocation-estimate-values"))
                .toTable(Named.as("allocation-estimates-table"),
                        materialized("cost-daily-estimates", JsonSerde.of(OpenCostAllocator.DailyEstimate.class)));
        String tagKey = allocation.reconciliationTagKey();
        String metric = allocation.reconciliationMetric();
        KTable<String, BillingLine> invoices = inputs.billing()
                .filter((key, line) -> line != null && "TAG".equals(line.groupKey()) && tagKey.equals(line.tagKey())
                        && metric.equals(line.metric()) && !line.tagValue().isEmpty() && line.tagValue().indexOf('/') < 0,
                        Named.as("allocation-invoice-lines"))
                .selectKey((key, line) -> line.tagValue() + '/' + line.date(), Named.as("allocation-invoice-by-cluster-day"))
                .toTable(Named.as("allocation-invoices-table"), materialized("cost-invoices",
                        topics.billingLines().valueSerde()));
        TopicSpec<String, CostReconciliation> reconciliations = topics.costReconciliations();
        estimates.leftJoin(invoices, (estimate, line) -> CostReconciliation.of(estimate.cluster(), estimate.date(), tagKey,
                                metric, estimate.computeUsd(), estimate.controlPlaneUsd(), estimate.estimatedUsd(),
                                estimate.coveredHours(), line == null ? null : line.amount(),
                                line == null ? null : line.estimated(), estimate.computedAt()),
                        Named.as("allocation-reconcile"), materialized(RECONCILIATION_STORE, reconciliations.valueSerde()))
                .toStream(Named.as("allocation-reconciliations"))
                .to(reconciliations.name(), Produced.with(reconciliations.keySerde(), reconciliations.valueSerde())
                        .withName("reconciliation-sink"));
    }

    private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> materialized(
            String name, org.apache.kafka.common.serialization.Serde<V> serde) {
        return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name).withKeySerde(Serdes.String())
                .withValueSerde(serde);
    }
}
