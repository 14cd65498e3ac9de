package io.reclaimer.streams.idle;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.usage.HourlyUsage;
import io.reclaimer.streams.waste.WasteConfig;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code idle-namespace} and {@code off-hours-schedule}: everything about a namespace (its object, its
 * containers' priced requests, its hourly CPU) meets on the namespace's key, {@code cluster//Namespace/name},
 * in one store, and {@link NamespaceRules} decides. Only hourly roll-ups travel, never raw samples.
 */
public final class NamespaceActivity implements AnalysisFeature {

    public static final String STATE_STORE = "namespace-activity";
    public static final String FINDINGS_STORE = "namespace-findings";

    private final WasteConfig config;
    private final NamespaceRules rules;

    public NamespaceActivity(WasteConfig config) {
        this.config = config;
        this.rules = new NamespaceRules(config);
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, WasteConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new NamespaceActivity(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        KStream<String, NamespaceSignal> usage = HourlyUsage.of(inputs, config.sampleLateness())
                .map((key, hour) -> KeyValue.pair(namespaceKey(hour.container()),
                        NamespaceSignal.usage(hour.container().key(), hour.hourStart().getEpochSecond() / 3600,
                                hour.cpuCores())), Named.as("idle-usage-signals"));
        KStream<String, NamespaceSignal> namespaces = inputs.kubernetesInventory().toStream(Named.as("idle-inventory"))
                .filter((key, value) -> value instanceof NamespaceInfo || value == null && isNamespaceKey(key),
                        Named.as("idle-namespaces-only"))
                .mapValues(value -> NamespaceSignal.namespace((NamespaceInfo) value), Named.as("idle-namespace-signals"));
        KStream<String, NamespaceSignal> containers = inputs.workloads().toStream(Named.as("idle-workloads"))
                .map((key, spec) -> KeyValue.pair(namespaceKey(ContainerRef.parse(key)), NamespaceSignal.container(key,
                        spec == null ? null : NamespaceState.ContainerCost.of(spec))), Named.as("idle-container-signals"));

        StreamsBuilder builder = inputs.builder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
                JsonSerde.of(NamespaceState.class)).withCachingEnabled());
        KStream<String, Assessment> assessments = usage.merge(namespaces, Named.as("idle-merge-namespaces"))
                .merge(containers, Named.as("idle-merge-containers"))
                .repartition(Repartitioned.<String, NamespaceSignal>as("idle-namespace-signals")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(NamespaceSignal.class)))
                .process(() -> new Evaluator(rules), Named.as("idle-evaluate"), STATE_STORE);
        // no age check: an idle streak is measured in hours of usage, which arrive as long as anything runs in
        // the namespace; hours that have not arrived (a collector outage) are not evidence of idleness
        FindingEmitter.attach(builder, inputs.topics(), assessments, FINDINGS_STORE, config.thresholdDays());
    }

    static String namespaceKey(ContainerRef container) {
        return ObjectRef.clusterScoped(container.cluster(), "Namespace", container.namespace()).key();
    }

    private static boolean isNamespaceKey(String key) {
        return "Namespace".equals(ObjectRef.parse(key).kind());
    }

    private static final class Evaluator implements Processor<String, NamespaceSignal, String, Assessment> {
        private final NamespaceRules rules;
        private ProcessorContext<String, Assessment> context;
        private KeyValueStore<String, NamespaceState> store;

        Evaluator(NamespaceRules rules) {
            this.rules = rules;
        }

        @Override
        public void init(ProcessorContext<String, Assessment> context) {
            this.context = context;
            this.store = context.getStateStore(STATE_STORE);
        }

        @Override
        public void process(Record<String, NamespaceSignal> record) {
            NamespaceSignal signal = record.value();
            if (signal == null) {
                return;
            }
            NamespaceState current = store.get(record.key());
            NamespaceState state = current == null ? NamespaceState.EMPTY : current;
            NamespaceState next = switch (signal.kind()) {
                case USAGE -> state.withUsage(signal.hour(), signal.cpuCores(), rules.retentionHours());
                case NAMESPACE -> state.withInfo(signal.namespace());
                case CONTAINER -> state.withContainer(signal.containerKey(), signal.cost());
            };
            if (next.info() == null && next.containers().isEmpty() && signal.kind() == NamespaceSignal.Kind.NAMESPACE) {
                store.delete(record.key());
            } else if (!next.equals(current)) {
                store.put(record.key(), next);
            }
            if (next.equals(current)) {
                return;
            }
            for (Assessment assessment : rules.assess(record.key(), next)) {
                context.forward(new Record<>(record.key(), assessment, record.timestamp()));
            }
        }
    }
}
