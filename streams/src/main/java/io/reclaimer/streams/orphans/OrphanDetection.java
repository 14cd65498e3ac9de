package io.reclaimer.streams.orphans;

import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.waste.WasteConfig;
import io.reclaimer.streams.waste.WastePrices;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * Orphaned cloud resources and Kubernetes storage/network objects: {@code unattached-volume},
 * {@code unassociated-address}, {@code idle-load-balancer}, {@code orphaned-snapshot},
 * {@code stopped-instance-volumes}, {@code released-pv}, {@code unused-pvc} and
 * {@code service-without-endpoints}.
 *
 * <p>The detectors need facts that link records of both inventories (the PV on a volume, the volume a
 * snapshot came from, the Service behind a load balancer's DNS name), and those links cross every key
 * space: a PV names a bare volume id, not the volume's account and region. So the inventory records meet in
 * one {@link InventoryIndex} on a single partition. That is a deliberate trade: inventories are small and
 * change slowly (a fleet of a thousand clusters is a few hundred thousand records, re-listed hourly), while
 * a partitioned design needs a foreign-key join per link, dozens of internal topics, and still cannot
 * answer "is any PV pointing at this volume" without another repartition.
 */
public final class OrphanDetection implements AnalysisFeature {

    /** Per-finding state (and the findings currently published), for metrics and reports. */
    public static final String FINDINGS_STORE = "orphan-findings";
    static final String ITEMS_STORE = "orphans-inventory";
    static final String LINKS_STORE = "orphans-links";
    /** Every inventory record is routed under this one key, to the one partition of the index topic. */
    private static final String FLEET = "fleet";

    private final WasteConfig config;

    public OrphanDetection(WasteConfig config) {
        this.config = config;
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, WasteConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new OrphanDetection(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        // regional AWS Price List prices for what the findings point at, when the AWS collector publishes them
        io.reclaimer.streams.pricing.PriceTable.attach(inputs);
        KStream<String, InventoryItem> cloud = inputs.cloudInventory().toStream(Named.as("orphans-cloud"))
                .map((key, value) -> KeyValue.pair(FLEET, InventoryItem.cloud(key, value)), Named.as("orphans-cloud-items"));
        KStream<String, InventoryItem> kubernetes = inputs.kubernetesInventory().toStream(Named.as("orphans-kubernetes"))
                .filter((key, value) -> value == null || value instanceof PersistentVolumeInfo
                        || value instanceof PersistentVolumeClaimInfo || value instanceof ServiceInfo,
                        Named.as("orphans-storage-and-services"))
                .map((key, value) -> KeyValue.pair(FLEET, InventoryItem.kubernetes(key, value)),
                        Named.as("orphans-kubernetes-items"));

        StreamsBuilder builder = inputs.builder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ITEMS_STORE), Serdes.String(),
                JsonSerde.of(InventoryItem.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LINKS_STORE), Serdes.String(),
                Serdes.String()).withCachingEnabled());
        KStream<String, Assessment> assessments = cloud.merge(kubernetes, Named.as("orphans-inventory-items"))
                .repartition(Repartitioned.<String, InventoryItem>as("orphans-inventory")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(InventoryItem.class))
                        .withNumberOfPartitions(1))
                .process(() -> new Indexer(config), Named.as("orphans-index"), ITEMS_STORE, LINKS_STORE);
        // the Kubernetes collector publishes only changes, so a resource that stays waste is assessed once, maybe
        // while younger than its threshold: the emitter publishes it when it comes of age, with no new record
        FindingEmitter.attach(builder, inputs.topics(), assessments, FINDINGS_STORE, config.thresholdDays(),
                config.ageCheckInterval());
    }

    private static final class Indexer implements Processor<String, InventoryItem, String, Assessment> {
        private final WasteConfig config;
        private ProcessorContext<String, Assessment> context;
        private InventoryIndex index;

        Indexer(WasteConfig config) {
            this.config = config;
        }

        @Override
        public void init(ProcessorContext<String, Assessment> context) {
            this.context = context;
            OrphanRules rules = new OrphanRules(new WastePrices(config.prices(),
                    io.reclaimer.streams.pricing.PriceTable.from(context)), config.rollbackWindow());
            this.index = new InventoryIndex(context.getStateStore(ITEMS_STORE), context.getStateStore(LINKS_STORE), rules);
        }

        @Override
        public void process(Record<String, InventoryItem> record) {
            if (record.value() == null) {
                return;
            }
            for (Assessment assessment : index.apply(record.value())) {
                context.forward(new Record<>(assessment.findingId(), assessment, record.timestamp()));
            }
        }
    }
}
