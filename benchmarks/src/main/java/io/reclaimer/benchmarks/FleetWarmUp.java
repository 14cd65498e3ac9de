package io.reclaimer.benchmarks;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.metrics.Contribution;
import io.reclaimer.streams.metrics.RecommendationIndex;
import io.reclaimer.streams.rightsizing.Recommendations;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import io.reclaimer.streams.rightsizing.state.WorkloadFacts;
import io.reclaimer.streams.rightsizing.strategy.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Phase 1, warm: every container gets a mature state (a week of one-minute samples on two pods) without replaying
 * ten billion samples. A few hundred prototype states are computed with the same classes the topology and the
 * offline command use ({@link RightsizingState}, {@link Recommendations}: samples added one by one, the
 * recommendation emitted as the processor would emit it), and every container's state is one of them, written where
 * Kafka Streams keeps it: the changelog topics of the stores, on the partition of the container's task. The same goes
 * for the workload specs (the {@code workloads} table), the pod container counts and the metrics' contributions, so
 * that a restore rebuilds what production would hold.
 */
final class FleetWarmUp {

    static final int PROTOTYPES = 200;
    static final String[] PODS = {"p0", "p1"};
    static final UnitPrices PRICES = new UnitPrices(0.0316, 0.0042);

    private final FleetShape shape;
    private final RightsizingConfig config;
    private final Recommendations recommendations;
    private final RightsizingStateCodec codec;
    private final Consumer<String> progress;
    private final List<byte[]> states = new ArrayList<>();
    private final List<byte[]> contributions = new ArrayList<>();
    private long stateBytes;

    FleetWarmUp(FleetShape shape, RightsizingConfig config, Consumer<String> progress) {
        this.shape = shape;
        this.config = config;
        this.recommendations = new Recommendations(config, Strategy.of(config));
        this.codec = new RightsizingStateCodec(config.aggregations(), config.dailyPeakDays());
        this.progress = progress;
    }

    /** Mean encoded state bytes over the fleet (the store's value: the key is the container key). */
    double stateBytesPerContainer() {
        return (double) stateBytes / shape.containers();
    }

    static double cpuRequest(int prototype) {
        return 0.5 + (prototype % 4) * 0.25;
    }

    static long memoryRequest(int prototype) {
        return (512L + (prototype % 3) * 512L) << 20;
    }

    /** A week of one-minute samples ending at {@code end} for each prototype: diurnal CPU with bursts, a slow memory saw. */
    void computePrototypes(Instant end, Duration history) {
        long minutes = history.toMinutes();
        long start = end.toEpochMilli() - minutes * 60_000L;
        for (int p = 0; p < PROTOTYPES; p++) {
            RightsizingState state = codec.newState();
            state.facts(new WorkloadFacts(cpuRequest(p), memoryRequest(p), 2, PRICES.cpuUsdPerCoreHour(),
                    PRICES.memoryUsdPerGibHour(), false, false, FleetShape.CONTAINER_NAMES.length));
            for (long m = 0; m < minutes; m++) {
                long t = start + m * 60_000L;
                state.addSample(PODS[(int) (m % PODS.length)], t, FleetLoad.cpu(p, m, t), FleetLoad.memory(p, m),
                        config.podIdleTimeout());
            }
            Strategy.Targets targets = recommendations.targets(state);
            ContainerRef prototype = shape.container(p);
            Recommendation recommendation = recommendations.build(prototype, state, Map.of(), Map.of()).orElseThrow();
            state.emitted(new RightsizingState.Emitted(true, targets.cpuMillicores(), targets.memoryBytes(),
                    recommendations.confidenceStep(state), recommendations.flags(state).bits()));
            states.add(codec.encode(state).clone());
            contributions.add(Contribution.of(recommendation).encode());
            if (p % 50 == 49) {
                progress.accept("warm: " + (p + 1) + " of " + PROTOTYPES + " prototype states computed (" + minutes
                        + " samples each)");
            }
        }
    }

    /** Creates the changelog topics of the benchmark's stores and writes every container's entries into them. */
    void writeChangelogs(BenchKafka kafka, String applicationId, Instant observedAt) {
        Topics topics = kafka.topics();
        String stateLog = changelog(applicationId, RightsizingFeature.STORE);
        String specLog = changelog(applicationId, AnalysisInputs.WORKLOADS_STORE);
        String countLog = changelog(applicationId, RightsizingFeature.WORKLOAD_CONTAINERS_STORE);
        String indexLog = changelog(applicationId, RecommendationIndex.STORE);
        List<TopicSpec<?, ?>> logs = new ArrayList<>();
        for (String name : List.of(stateLog, specLog, countLog, indexLog)) {
            logs.add(new TopicSpec<>(name, Serdes.ByteArray(), Serdes.ByteArray(), Topics.CONTAINER_PARTITIONS,
                    TopicSpec.Cleanup.COMPACT, null, "", "a benchmark store's changelog"));
        }
        // the provisioner waits until every new partition's leader serves it: writing earlier can spin a
        // batch on OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout (KAFKA-15591), two minutes lost
        kafka.create(logs);
        var specs = topics.workloads().valueSerde().serializer();
        long timestamp = observedAt.toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(FleetLoad.producerConfig(kafka))) {
            for (int i = 0; i < shape.containers(); i++) {
                ContainerRef c = shape.container(i);
                byte[] key = FleetShape.utf8(c.key());
                int partition = FleetShape.partition(key);
                int p = i % PROTOTYPES;
                byte[] state = states.get(p);
                stateBytes += state.length;
                producer.send(new ProducerRecord<>(stateLog, partition, timestamp, key, state));
                producer.send(new ProducerRecord<>(indexLog, partition, timestamp, key, contributions.get(p)));
                WorkloadContainerSpec spec = new WorkloadContainerSpec(c, 2, new ResourceAmounts(cpuRequest(p),
                        memoryRequest(p)), ResourceAmounts.NONE, WorkloadContainerSpec.QosClass.BURSTABLE, "general", null,
                        PRICES, Map.of("team", "t" + i % 20), Map.of(), observedAt);
                producer.send(new ProducerRecord<>(specLog, partition, timestamp, key,
                        specs.serialize(topics.workloads().name(), spec)));
                if (shape.firstOfWorkload(i)) {
                    byte[] workload = FleetShape.utf8(c.workload().key());
                    producer.send(new ProducerRecord<>(countLog, FleetShape.partition(workload), timestamp, workload,
                            FleetShape.utf8(String.join(",", FleetShape.CONTAINER_NAMES))));
                }
                if (i % 100_000 == 99_999) {
                    progress.accept("warm: " + (i + 1) + " of " + shape.containers() + " containers written to the changelogs");
                }
            }
            producer.flush();
        }
    }

    static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }
}
