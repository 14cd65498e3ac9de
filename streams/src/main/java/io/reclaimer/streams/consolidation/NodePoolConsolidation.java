package io.reclaimer.streams.consolidation;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.consolidation.PoolItems.PoolChange;
import io.reclaimer.streams.consolidation.PoolItems.PoolContainer;
import io.reclaimer.streams.consolidation.PoolItems.PoolItem;
import io.reclaimer.streams.consolidation.PoolItems.PoolNode;
import io.reclaimer.streams.consolidation.PoolItems.Recommended;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.idle.NamespaceRules;
import io.reclaimer.streams.pricing.PriceTable;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka edge of {@link PoolAssessment}. Nodes (inventory), workload containers and recommendations are
 * re-keyed by cluster onto one repartition topic, so a cluster's pools live on one task. There each node and
 * container is kept under its pool ({@code cluster/pool|N|key}, {@code cluster/pool|C|key}: a pool is one prefix
 * scan), with an index from item to pool for deletions and moves. A change marks its pool dirty; dirty pools are
 * packed by a wall-clock punctuation every {@code ageCheckIntervalSeconds}, not on every record: a cluster's first
 * load is thousands of records, and one packing after it is what matters. The assessment carries the newest event
 * time of the pool's changes; the finding waits {@code thresholdDays.nodePoolConsolidation} like the others.
 * The same packing punctuation also judges the pool's nodes ({@code underutilized-node}) and its workloads
 * ({@code spot-eligible}, with the namespaces' environments, also re-keyed by cluster) through {@link NodeFindings}.
 * No executor acts on any of them: dry-run requests only.
 */
public final class NodePoolConsolidation implements AnalysisFeature {

    public static final String FINDINGS_STORE = "node-pool-consolidation-findings";
    static final String ITEMS_STORE = "node-pool-items";
    static final String INDEX_STORE = "node-pool-index";
    static final String RECOMMENDED_STORE = "node-pool-recommended";
    static final String DIRTY_STORE = "node-pool-dirty";

    private final WasteConfig config;

    public NodePoolConsolidation(WasteConfig config) {
        this.config = config;
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, WasteConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new NodePoolConsolidation(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        PriceTable.attach(inputs);
        StreamsBuilder builder = inputs.builder();
        NamespaceRules rules = new NamespaceRules(config);
        KStream<String, PoolChange> nodes = inputs.kubernetesInventory().toStream(Named.as("node-pool-inventory-changes"))
                .flatMap((key, object) -> inventoryChange(key, object, rules), Named.as("node-pool-nodes"));
        KStream<String, PoolChange> containers = inputs.workloads().toStream(Named.as("node-pool-workload-changes"))
                .map((key, spec) -> containerChange(key, spec), Named.as("node-pool-containers"));
        KStream<String, PoolChange> recommendations = inputs.recommendations()
                .map((key, rec) -> recommendationChange(key, rec), Named.as("node-pool-recommendations"));
        for (String store : List.of(ITEMS_STORE, INDEX_STORE, RECOMMENDED_STORE, DIRTY_STORE)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
                    storeSerde(store)).withCachingEnabled());
        }
        KStream<String, Assessment> assessments = nodes.merge(containers, Named.as("node-pool-merge-containers"))
                .merge(recommendations, Named.as("node-pool-merge-recommendations"))
                .repartition(Repartitioned.<String, PoolChange>as("node-pool-by-cluster")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(PoolChange.class)))
                .process(() -> new Pools(config.ageCheckInterval(), config.capacity().underutilizedNodeMaxRequestShare()),
                        Named.as("node-pool-pack"),
                        ITEMS_STORE, INDEX_STORE, RECOMMENDED_STORE, DIRTY_STORE);
        FindingEmitter.attach(builder, inputs.topics(), assessments, FINDINGS_STORE, config.thresholdDays(),
                config.ageCheckInterval());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static org.apache.kafka.common.serialization.Serde storeSerde(String store) {
        return switch (store) {
            case ITEMS_STORE -> JsonSerde.of(PoolItem.class);
            case RECOMMENDED_STORE -> JsonSerde.of(Recommended.class);
            case DIRTY_STORE -> Serdes.Long();
            default -> Serdes.String();
        };
    }

    private static List<KeyValue<String, PoolChange>> inventoryChange(String key, KubernetesObject object,
                                                                      NamespaceRules rules) {
        ObjectRef ref = ObjectRef.parse(key);
        if ("Namespace".equals(ref.kind())) {
            // the environment decides spot eligibility: known once the namespace is read, null when it is deleted
            Boolean nonProduction = object instanceof NamespaceInfo info ? rules.nonProduction(info) : null;
            return List.of(KeyValue.pair(ref.cluster(), new PoolChange(PoolChange.Type.NAMESPACE,
                    ref.cluster() + "/" + ref.name(), ref.cluster(), "", null, null, null,
                    object instanceof NamespaceInfo ns ? ns.observedAt() : null, nonProduction)));
        }
        if (!"Node".equals(ref.kind())) {
            return List.of();
        }
        if (object instanceof NodeInfo node) {
            return List.of(KeyValue.pair(ref.cluster(), new PoolChange(PoolChange.Type.NODE, key, ref.cluster(),
                    node.nodePool(), PoolNode.of(node), null, null, node.observedAt())));
        }
        return List.of(KeyValue.pair(ref.cluster(), new PoolChange(PoolChange.Type.NODE, key, ref.cluster(), "", null,
                null, null, null)));
    }

    private static KeyValue<String, PoolChange> containerChange(String key, WorkloadContainerSpec spec) {
        String cluster = ContainerRef.parse(key).cluster();
        return KeyValue.pair(cluster, spec == null
                ? new PoolChange(PoolChange.Type.CONTAINER, key, cluster, "", null, null, null, null)
                : new PoolChange(PoolChange.Type.CONTAINER, key, cluster, spec.nodePool(), null, PoolContainer.of(spec),
                null, spec.observedAt()));
    }

    private static KeyValue<String, PoolChange> recommendationChange(String key, Recommendation rec) {
        String cluster = ContainerRef.parse(key).cluster();
        return KeyValue.pair(cluster, new PoolChange(PoolChange.Type.RECOMMENDATION, key, cluster, "", null, null,
                rec == null ? null : new Recommended(rec.cpu().targetCores(), rec.memory().targetBytes()),
                rec == null ? null : rec.computedAt()));
    }

    /** Keeps the pools' items, marks the changed pools dirty, packs them on punctuation. */
    private static final class Pools implements Processor<String, PoolChange, String, Assessment> {
        private final Duration interval;
        private final double maxRequestShare;
        private KeyValueStore<String, PoolItem> items;
        private KeyValueStore<String, String> index;
        private KeyValueStore<String, Recommended> recommended;
        private KeyValueStore<String, Long> dirty;
        private ProcessorContext<String, Assessment> context;
        private PriceTable prices;

        Pools(Duration interval, double maxRequestShare) {
            this.interval = interval;
            this.maxRequestShare = maxRequestShare;
        }

        @Override
        public void init(ProcessorContext<String, Assessment> context) {
            this.context = context;
            this.items = context.getStateStore(ITEMS_STORE);
            this.index = context.getStateStore(INDEX_STORE);
            this.recommended = context.getStateStore(RECOMMENDED_STORE);
            this.dirty = context.getStateStore(DIRTY_STORE);
            this.prices = PriceTable.from(context);
            context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::packDirty);
        }

        @Override
        public void process(Record<String, PoolChange> record) {
            PoolChange change = record.value();
            if (change == null) {
                return;
            }
            long at = change.at() != null ? change.at().toEpochMilli() : record.timestamp();
            if (change.type() == PoolChange.Type.NAMESPACE) {
                namespace(change, at);
                return;
            }
            if (change.type() == PoolChange.Type.RECOMMENDATION) {
                if (change.recommended() == null) {
                    recommended.delete(change.itemKey());
                } else {
                    recommended.put(change.itemKey(), change.recommended());
                }
                String pool = index.get("C|" + change.itemKey());
                if (pool != null) {
                    markDirty(pool, at);
                }
                return;
            }
            String tag = change.type() == PoolChange.Type.NODE ? "N" : "C";
            String indexKey = tag + "|" + change.itemKey();
            String before = index.get(indexKey);
            boolean present = change.node() != null || change.container() != null;
            String after = present && !change.pool().isEmpty() ? change.cluster() + "/" + change.pool() : null;
            if (before != null && !before.equals(after)) {
                items.delete(before + "|" + indexKey);
                markDirty(before, at);
                // what left the pool is judged again by its new pool's packing, if any
                forward(gone(change), record.timestamp());
            }
            if (after == null) {
                index.delete(indexKey);
                return;
            }
            items.put(after + "|" + indexKey, new PoolItem(change.node(), change.container()));
            index.put(indexKey, after);
            markDirty(after, at);
        }

        private Assessment gone(PoolChange change) {
            if (change.type() == PoolChange.Type.NODE) {
                return Assessment.gone(FindingKind.UNDERUTILIZED_NODE, change.itemKey());
            }
            ContainerRef c = ContainerRef.parse(change.itemKey());
            return Assessment.gone(FindingKind.SPOT_ELIGIBLE,
                    new ObjectRef(c.cluster(), c.namespace(), c.workloadKind(), c.workloadName()).key());
        }

        private void forward(Assessment assessment, long timestamp) {
            context.forward(new Record<>(assessment.findingId(), assessment, timestamp));
        }

        /** A namespace's environment, kept as {@code NS|cluster/namespace}; the pools of its workloads are dirty. */
        private void namespace(PoolChange change, long at) {
            String key = "NS|" + change.itemKey();
            String value = change.nonProduction() == null ? null : change.nonProduction().toString();
            if (java.util.Objects.equals(value, index.get(key))) {
                return;
            }
            if (value == null) {
                index.delete(key);
            } else {
                index.put(key, value);
            }
            List<String> pools = new ArrayList<>();
            try (KeyValueIterator<String, String> range = index.prefixScan("C|" + change.itemKey() + "/",
                    new StringSerializer())) {
                range.forEachRemaining(kv -> pools.add(kv.value));
            }
            pools.stream().distinct().forEach(pool -> markDirty(pool, at));
        }

        private void markDirty(String pool, long at) {
            Long newest = dirty.get(pool);
            if (newest == null || newest < at) {
                dirty.put(pool, at);
            }
        }

        private void packDirty(long wallMs) {
            List<KeyValue<String, Long>> due = new ArrayList<>();
            try (KeyValueIterator<String, Long> all = dirty.all()) {
                all.forEachRemaining(due::add);
            }
            long streamTime = context.currentStreamTimeMs();
            long timestamp = streamTime >= 0 ? streamTime : wallMs;
            for (KeyValue<String, Long> entry : due) {
                dirty.delete(entry.key);
                for (Assessment assessment : assess(entry.key, Instant.ofEpochMilli(entry.value))) {
                    forward(assessment, timestamp);
                }
            }
        }

        private List<Assessment> assess(String poolKey, Instant at) {
            List<PoolNode> nodes = new ArrayList<>();
            List<PoolAssessment.Member> members = new ArrayList<>();
            try (KeyValueIterator<String, PoolItem> range = items.prefixScan(poolKey + "|", new StringSerializer())) {
                while (range.hasNext()) {
                    KeyValue<String, PoolItem> item = range.next();
                    if (item.value.node() != null) {
                        nodes.add(item.value.node());
                    } else if (item.value.container() != null) {
                        String containerKey = item.key.substring(poolKey.length() + "|C|".length());
                        members.add(new PoolAssessment.Member(item.value.container(), recommended.get(containerKey)));
                    }
                }
            }
            int slash = poolKey.indexOf('/');
            String cluster = poolKey.substring(0, slash);
            String pool = poolKey.substring(slash + 1);
            String region = nodes.stream().map(PoolNode::region).filter(r -> !r.isEmpty()).findFirst().orElse("");
            List<Assessment> out = new ArrayList<>();
            out.add(PoolAssessment.assess(cluster, pool, nodes, members, prices.instanceTypes(region).stream()
                    .map(p -> new CheapestShape.Candidate(p.instanceType(), p.vcpu(), p.memoryGib(), p.onDemandUsdPerHour(),
                            p.graviton())).toList(), at));
            out.addAll(NodeFindings.underutilized(cluster, pool, nodes, members, maxRequestShare, at));
            Map<String, Boolean> environments = new TreeMap<>();
            for (PoolAssessment.Member m : members) {
                String namespace = m.container().namespace();
                if (!environments.containsKey(namespace)) {
                    String known = index.get("NS|" + cluster + "/" + namespace);
                    environments.put(namespace, known == null ? null : Boolean.valueOf(known));
                }
            }
            out.addAll(NodeFindings.spotEligible(cluster, pool, nodes, members, environments,
                    (r, zone, type) -> prices.spot(r, zone, type).map(io.reclaimer.model.pricing.SpotPrice::usdPerHour), at));
            return out;
        }
    }
}
