package io.reclaimer.streams.rightsizing.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out is more instances with the same application id: two instances split the partitions between them,
 * and what they compute together equals what one instance computes alone from the same input.
 */
@ExtendWith(KafkaExtension.class)
class RightsizingScaleOutIT {

    /** Recent: the usage topic's 3-day retention would delete older samples before they are read. */
    private static final Instant START = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(1));
    private static final int CONTAINERS = 24;
    private static final int PODS = 2;
    private static final int SAMPLES_PER_POD = 144; // a day, one sample every 10 minutes

    private final RightsizingConfig config = RightsizingConfig.DEFAULTS;

    @Test
    void twoInstancesSplitThePartitionsAndRecommendExactlyWhatOneInstanceDoes(KafkaTestCluster kafka,
                                                                              @TempDir Path stateDir) throws Exception {
        Topics single = kafka.createTopics("rightsizing-single");
        Topics pair = kafka.createTopics("rightsizing-pair");
        List<ContainerRef> containers = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            containers.add(new ContainerRef("prod", "ns-" + i % 4, "Deployment", "svc-" + i, "app"));
        }
        Map<String, Recommendation> alone;
        Map<String, Recommendation> aloneEmitted;
        try (AnalysisService one = service(kafka, single, "one-" + single.namespace(), stateDir.resolve("one"), 7001)) {
            one.start();
            // the inventory first, then the samples: what is emitted depends on the order in which they meet
            produceSpecs(kafka, single, containers);
            awaitSpecs(List.of(one), containers);
            produceUsage(kafka, single, containers);
            alone = awaitComplete(List.of(one), containers);
        }
        aloneEmitted = latestEmitted(kafka, single);

        try (AnalysisService a = service(kafka, pair, "pair-" + pair.namespace(), stateDir.resolve("a"), 7002);
             AnalysisService b = service(kafka, pair, "pair-" + pair.namespace(), stateDir.resolve("b"), 7003)) {
            a.start();
            b.start();
            produceSpecs(kafka, pair, containers);
            await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
                Set<Integer> partitionsOfA = usagePartitions(a, pair);
                Set<Integer> partitionsOfB = usagePartitions(b, pair);
                assertThat(partitionsOfA).isNotEmpty();
                assertThat(partitionsOfB).isNotEmpty().doesNotContainAnyElementsOf(partitionsOfA);
                assertThat(partitionsOfA.size() + partitionsOfB.size()).isEqualTo(Topics.CONTAINER_PARTITIONS);
            });
            awaitSpecs(List.of(a, b), containers);
            produceUsage(kafka, pair, containers);
            Map<String, Recommendation> together = awaitComplete(List.of(a, b), containers);
            assertThat(together).containsOnlyKeys(alone.keySet());
            together.forEach((key, recommendation) -> assertThat(recommendation).as(key).isEqualTo(alone.get(key)));
        }
        // what reached the topic is the same too
        Map<String, Recommendation> pairEmitted = latestEmitted(kafka, pair);
        assertThat(pairEmitted).hasSize(containers.size());
        pairEmitted.forEach((key, recommendation) -> assertThat(recommendation).as(key).isEqualTo(aloneEmitted.get(key)));
    }

    private AnalysisService service(KafkaTestCluster kafka, Topics topics, String applicationId, Path dir, int port) {
        AnalysisConfig analysis = new AnalysisConfig(applicationId, dir, 1, 0, Duration.ofMillis(200), "localhost:" + port, null, null,
                0);
        return new AnalysisService(AnalysisTopology.build(topics, List.of(new RightsizingFeature(config))),
                AnalysisService.properties(kafka.client(), topics, analysis, Map.of()));
    }

    private static Set<Integer> usagePartitions(AnalysisService service, Topics topics) {
        return service.kafkaStreams().metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks).flatMap(Set::stream)
                .flatMap(task -> task.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(topics.usageSamples().name()))
                .map(TopicPartition::partition).collect(Collectors.toSet());
    }

    /** Waits until every container's state has all its samples, then returns every current recommendation. */
    private Map<String, Recommendation> awaitComplete(List<AnalysisService> services, List<ContainerRef> containers) {
        Map<String, Recommendation> result = new TreeMap<>();
        await().atMost(Duration.ofMinutes(5)).ignoreExceptions().untilAsserted(() -> {
            result.clear();
            for (AnalysisService service : services) {
                for (Recommendation r : new RightsizingFeature(config).queries(service).all()) {
                    result.put(r.container().key(), r);
                }
            }
            assertThat(result).hasSize(containers.size());
            assertThat(result.values()).allSatisfy(r -> assertThat(r.sampleCount()).isEqualTo(PODS * SAMPLES_PER_POD));
        });
        return result;
    }

    /** The newest record per key of the whole (committed) recommendations topic. */
    private static Map<String, Recommendation> latestEmitted(KafkaTestCluster kafka, Topics topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicSpec<String, Recommendation> topic = topics.recommendations();
        Map<String, Recommendation> latest = new TreeMap<>();
        try (KafkaConsumer<String, Recommendation> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofMinutes(5)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> latest.put(r.key(), r.value()));
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return latest;
    }

    private static KafkaProducer<String, Object> producer(KafkaTestCluster kafka, Topics topics) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, topics.usageSamples().keySerde().serializer(),
                (topic, value) -> serialize(topics, topic, value));
    }

    private static void produceSpecs(KafkaTestCluster kafka, Topics topics, List<ContainerRef> containers) {
        try (KafkaProducer<String, Object> producer = producer(kafka, topics)) {
            for (ContainerRef container : containers) {
                WorkloadContainerSpec spec = new WorkloadContainerSpec(container, PODS, new ResourceAmounts(1.0, 1L << 30),
                        ResourceAmounts.NONE, WorkloadContainerSpec.QosClass.BURSTABLE, "general", null,
                        new UnitPrices(0.04, 0.005), Map.of("team", "t" + container.namespace()), Map.of(), START);
                send(producer, topics.workloads(), container.key(), spec, START.minusSeconds(60));
            }
        }
    }

    private static void awaitSpecs(List<AnalysisService> services, List<ContainerRef> containers) {
        await().atMost(Duration.ofMinutes(5)).ignoreExceptions().untilAsserted(() -> {
            long known = 0;
            for (AnalysisService service : services) {
                known += service.store(io.reclaimer.streams.AnalysisInputs.WORKLOADS_STORE,
                        org.apache.kafka.streams.state.QueryableStoreTypes.keyValueStore()).approximateNumEntries();
            }
            assertThat(known).isEqualTo(containers.size());
        });
    }

    private static void produceUsage(KafkaTestCluster kafka, Topics topics, List<ContainerRef> containers) {
        try (KafkaProducer<String, Object> producer = producer(kafka, topics)) {
            for (int step = 0; step < SAMPLES_PER_POD; step++) {
                Instant at = START.plus(Duration.ofMinutes(10L * step));
                for (int c = 0; c < containers.size(); c++) {
                    ContainerRef container = containers.get(c);
                    for (int pod = 0; pod < PODS; pod++) {
                        double cpu = 0.05 + 0.01 * c + (step % 12 == 0 ? 0.3 : 0.0) + 0.001 * pod;
                        long memory = (200L + 10L * c + step / 10) << 20;
                        send(producer, topics.usageSamples(), container.key(),
                                new UsageSample(container, container.workloadName() + "-" + pod, at, cpu, memory), at);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static byte[] serialize(Topics topics, String topic, Object value) {
        if (value instanceof UsageSample sample) {
            return topics.usageSamples().valueSerde().serializer().serialize(topic, sample);
        }
        return topics.workloads().valueSerde().serializer().serialize(topic, (WorkloadContainerSpec) value);
    }

    private static <V> void send(KafkaProducer<String, Object> producer, TopicSpec<String, V> topic, String key, V value,
                                 Instant timestamp) {
        producer.send(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key, value));
    }
}
