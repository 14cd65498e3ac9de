package io.reclaimer.streams.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.overprovisioned.OverprovisionedContainers;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import io.reclaimer.streams.waste.WasteConfig;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under a crash: the same input goes to two topic namespaces; one analysis processes its copy without
 * interruption, the other runs in a child JVM that is killed (SIGKILL) in the middle of the stream and is then
 * restarted on the same state directory. The recommendations and findings topics of both end equal, record for record
 * per key (committed records only): nothing the killed instance had processed but not committed shows, nothing is
 * emitted twice, and the rightsizing states written at commit (RightsizingStore) are those the restart resumes from.
 */
@ExtendWith(KafkaExtension.class)
class CrashEqualityIT {

    private static final int WORKLOADS = 12;
    private static final String[] CONTAINERS = {"app", "envoy"};
    private static final int SAMPLES_PER_CONTAINER = 480; // every 30 minutes for 10 days
    private static final Instant START = Instant.parse("2026-10-20T00:00:00Z");

    /**
     * The analysis under test: rightsizing and its findings, slowed (small polls: the product sets its own with the
     * consumer prefix, which wins over an unprefixed one) so that a kill lands mid-stream. The killed instance stays a
     * member of the group until its session times out, and the restart waits for that: 10 s rather than the default 45.
     */
    static AnalysisService service(String bootstrap, Topics topics, String applicationId, Path stateDir) {
        List<AnalysisFeature> features = List.of(new RightsizingFeature(RightsizingConfig.DEFAULTS),
                // VPA's confidence counts one-minute samples; these come every 30 minutes, so a lower bar
                new OverprovisionedContainers(new WasteConfig(null, null, null, null, null,
                        new WasteConfig.Overprovisioned(5.0, 0.1), null, null, null)));
        AnalysisConfig config = AnalysisConfig.DEFAULTS.withApplicationId(applicationId).withStateDir(stateDir);
        return new AnalysisService(AnalysisTopology.build(topics, features), AnalysisService.properties(KafkaClientSettings.of(bootstrap), topics,
                config, Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 20,
                        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000)));
    }

    @Test
    void anAnalysisKilledMidStreamAndRestartedEndsWithTheSameRecommendationsAndFindingsAsAnUninterruptedRun(
            KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        Topics reference = kafka.createTopics("crash-reference");
        Topics crashed = kafka.createTopics("crash-killed");
        keepForever(kafka, reference);
        keepForever(kafka, crashed);
        // specs first, processed before any sample: the order across topics is then the same in both runs (with
        // task idling off, Kafka Streams does not order records of different topics by timestamp)
        sendSpecs(kafka, reference);
        sendSpecs(kafka, crashed);

        // the two runs overlap: a child JVM is slow to start, and the reference run does not depend on the other
        String referenceId = "ref-" + reference.namespace();
        String crashedId = "crash-" + crashed.namespace();
        Path crashedState = dir.resolve("crashed");
        Path log = Files.createDirectories(Path.of("target", "crash-equality")).resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).replace(' ', File.pathSeparatorChar),
                CrashingAnalysisMain.class.getName(), kafka.bootstrapServers(), crashed.namespace(), crashedId,
                crashedState.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int samples = SAMPLES_PER_CONTAINER * WORKLOADS * CONTAINERS.length;
        long atKill;
        try (AnalysisService service = service(kafka.bootstrapServers(), reference, referenceId, dir.resolve("ref"));
             Admin admin = kafka.admin()) {
            service.start();
            awaitSpecsProcessed(kafka, referenceId, reference, dir);
            sendSamples(kafka, reference);
            awaitSpecsProcessed(kafka, crashedId, crashed, dir);
            sendSamples(kafka, crashed);
            // killed once it has committed a fifth of the samples, well before the end
            await("the child analysis commits a fifth of the samples").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !child.isAlive() || committed(admin, crashedId, crashed.usageSamples().name()) >= samples / 5);
            assertThat(child.isAlive()).as("the child died on its own:\n" + Files.readString(log)).isTrue();
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            atKill = committed(admin, crashedId, crashed.usageSamples().name());
            awaitCaughtUp(kafka, referenceId, service.sourceTopics());
        } finally {
            child.destroyForcibly();
        }
        assertThat(atKill).as("killed mid-stream").isLessThan(samples);

        try (AnalysisService service = service(kafka.bootstrapServers(), crashed, crashedId, crashedState)) {
            service.start();
            awaitCaughtUp(kafka, crashedId, service.sourceTopics());
        }

        Map<String, List<Recommendation>> expectedRecommendations = perKey(kafka, reference.recommendations());
        Map<String, List<Finding>> expectedFindings = perKey(kafka, reference.findings());
        assertThat(expectedRecommendations).hasSize(WORKLOADS * CONTAINERS.length);
        assertThat(expectedFindings).as("the comparison covers findings too").isNotEmpty();
        assertSamePerKey("recommendations", perKey(kafka, crashed.recommendations()), expectedRecommendations);
        assertSamePerKey("findings", perKey(kafka, crashed.findings()), expectedFindings);
    }

    /** Key by key, so that a failure names the container and shows only its two histories. */
    private static <V> void assertSamePerKey(String what, Map<String, List<V>> actual, Map<String, List<V>> expected) {
        assertThat(actual.keySet()).as("the keys of the " + what + " after the crash").isEqualTo(expected.keySet());
        expected.forEach((key, records) -> assertThat(actual.get(key))
                .as("the " + what + " of " + key + " after the crash, against the uninterrupted run")
                .containsExactlyElementsOf(records));
    }

    /** Every committed record of the topic, in order per key (values only: Kafka timestamps differ between runs). */
    private static <V> Map<String, List<V>> perKey(KafkaTestCluster kafka, TopicSpec<String, V> topic) {
        Properties p = new Properties();
        p.putAll(kafka.clientConfig());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<V>> perKey = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("reading " + topic.name()).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                    perKey.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
                }
            }
        }
        return perKey;
    }

    private static long committed(Admin admin, String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** No lag left on any topic the analysis reads (input and repartition topics): every output is committed. */
    private static void awaitCaughtUp(KafkaTestCluster kafka, String groupId, java.util.Set<String> topics) {
        try (Admin admin = kafka.admin()) {
            // until the instance has created its repartition topics, asking for their offsets fails: retried
            await("the analysis " + groupId + " catches up").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> lag(admin, groupId, topics) == 0);
        }
    }

    private static long lag(Admin admin, String groupId, java.util.Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (position == null ? 0 : position.offset()));
        }
        return lag;
    }

    private static Properties producerConfig(KafkaTestCluster kafka) {
        Properties p = new Properties();
        p.putAll(kafka.clientConfig());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    private static void sendSpecs(KafkaTestCluster kafka, Topics topics) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int w = 0; w < WORKLOADS; w++) {
                for (String name : CONTAINERS) {
                    ContainerRef c = container(w, name);
                    send(producer, topics.workloads(), c.key(), new WorkloadContainerSpec(c, 2,
                            new ResourceAmounts(2.0, 4L << 30), null, WorkloadContainerSpec.QosClass.BURSTABLE, "general",
                            null, new UnitPrices(0.0316, 0.0042), Map.of("team", "t" + w % 3), Map.of(), START), START);
                }
            }
            producer.flush();
        }
    }

    /**
     * Until the analysis has processed the specs and everything they lead to (the pod container counts come back
     * through two repartitions): only then do samples go in, so that no count arrives between two samples in one run
     * and before them in the other.
     */
    private static void awaitSpecsProcessed(KafkaTestCluster kafka, String groupId, Topics topics, Path dir) {
        java.util.Set<String> sources;
        // never started, it only names its source topics; its state directory is the test's, removed with it
        try (AnalysisService unstarted = service(kafka.bootstrapServers(), topics, groupId, dir.resolve("unused-" + groupId))) {
            sources = unstarted.sourceTopics();
        }
        try (Admin admin = kafka.admin()) {
            await("the specs are processed by " + groupId).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> committed(admin, groupId, topics.workloads().name())
                            >= WORKLOADS * CONTAINERS.length);
        }
        awaitCaughtUp(kafka, groupId, sources);
    }

    /** The samples, identical for both runs: every container's samples in time order, stamped with their time. */
    private static void sendSamples(KafkaTestCluster kafka, Topics topics) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int s = 0; s < SAMPLES_PER_CONTAINER; s++) {
                Instant t = START.plus(Duration.ofMinutes(30L * s));
                double phase = (t.getEpochSecond() % 86_400) / 86_400.0 * 2 * Math.PI;
                for (int w = 0; w < WORKLOADS; w++) {
                    for (String name : CONTAINERS) {
                        ContainerRef c = container(w, name);
                        double cpu = 0.2 + 0.05 * (w % 5) + 0.1 * Math.sin(phase) + (s % 37 == w ? 0.5 : 0);
                        long memory = (300L + 20L * (w % 7) + s % 13) << 20;
                        send(producer, topics.usageSamples(), c.key(), new UsageSample(c, c.workloadName() + "-" + s % 2,
                                t, Math.round(cpu * 1000) / 1000.0, memory), t);
                    }
                }
            }
            producer.flush();
        }
    }

    /**
     * Records are stamped with their sample time, as the collectors stamp them (the expiry of silent containers runs on
     * that stream time); the history is older than the catalog's retention of usage samples, so it is kept here.
     * <p>
     * The outputs are compared record for record, but the catalog creates them compacted (latest value per key wins),
     * and the broker compacts them while the test runs: the transaction markers carry the broker's clock, weeks after
     * the sample time the records before them carry, so nearly every commit rolls a segment (segment.ms counts from
     * the first record's timestamp) and the log cleaner then drops the superseded first recommendations of a key, as
     * many or as few as it reached in each run. That, not a lost record, was the restarted run "lacking its first
     * recommendations": a read_uncommitted read lacked them too, and the broker logged cleaning those partitions.
     * Here the outputs keep every record (delete policy, unlimited retention), so the whole history can be compared.
     */
    private static void keepForever(KafkaTestCluster kafka, Topics topics) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String topic : List.of(topics.usageSamples().name(), topics.containerEvents().name())) {
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(set(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        for (String topic : List.of(topics.recommendations().name(), topics.findings().name())) {
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    set(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE),
                    set(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(changes).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static ContainerRef container(int workload, String name) {
        return new ContainerRef("prod-eu", "shop-" + workload % 3, "Deployment", "svc-" + workload, name);
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value,
                                 Instant at) {
        producer.send(new ProducerRecord<>(topic.name(), null, at.toEpochMilli(),
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8), topic.valueSerde().serializer().serialize(topic.name(), value)));
    }
}
