package io.reclaimer.benchmarks;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What both benchmarks do with the broker around the instance they measure: their own topics, producers with the
 * collectors' settings, a plain consumer as the ceiling, and waiting on the instance by its state and committed
 * offsets. Every client uses {@code kafka}'s properties, so a benchmark runs against any cluster.
 */
final class BenchKafka {

    private final KafkaClientSettings kafka;
    private final Topics topics;

    BenchKafka(KafkaClientSettings kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    KafkaClientSettings settings() {
        return kafka;
    }

    Topics topics() {
        return topics;
    }

    Admin admin() {
        return Admin.create(kafka.clientConfig());
    }

    /** The collectors' producer settings: idempotent, acks=all, lz4, 256 KiB batches. */
    Properties producerConfig() {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    KafkaProducer<byte[], byte[]> producer(Properties config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The catalog's topics, except that the backlog's samples are kept whatever their age, each with one replica
     * and min.insync.replicas 1 also on a cluster whose default is 2: the benchmark's own topics. Through the
     * provisioner, which waits until every new partition's leader serves it: a producer writing earlier can spin a
     * batch on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591).
     */
    void createTopics() {
        TopicSpec<String, UsageSample> usage = topics.usageSamples();
        List<TopicSpec<?, ?>> all = new ArrayList<>();
        all.add(new TopicSpec<>(usage.name(), usage.keySerde(), usage.valueSerde(), usage.partitions(),
                TopicSpec.Cleanup.DELETE, Duration.ofMillis(-1), usage.copartitionGroup(), usage.description()));
        topics.all().stream().filter(t -> !t.name().equals(usage.name())).forEach(all::add);
        create(all);
    }

    /** {@code specs} with one replica and min.insync.replicas 1, once every new partition's leader serves it. */
    void create(List<TopicSpec<?, ?>> specs) {
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, (short) 1, (short) 1, Duration.ofSeconds(60)).ensure(specs);
        }
    }

    /** Seconds a plain consumer takes to read the first {@code samples} usage samples as bytes. */
    double rawConsume(long samples) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topics.usageSamples());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long bytes = 0;
            long begin = System.nanoTime();
            while (read < samples) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    bytes += record.value().length; // touch the value as a processor would
                    read++;
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("no bytes read");
            }
            return (System.nanoTime() - begin) / 1e9;
        }
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, TopicSpec<?, ?> topic) {
        return consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    /**
     * Waits until {@code service} is RUNNING, at most {@code patience} from {@code begin} (a {@link System#nanoTime()});
     * every 15 s {@code progress} hears its state. Returns the nanoTime at which it was seen RUNNING.
     */
    static long awaitRunning(AnalysisService service, long begin, Duration patience, Consumer<String> progress)
            throws InterruptedException {
        long deadline = begin + patience.toNanos();
        long nextNote = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (service.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the analysis instance was not RUNNING within " + minutes(patience)
                        + ": " + service.state());
            }
            if (System.nanoTime() > nextNote) {
                progress.accept(String.format("%s after %.0f s", service.state(), (System.nanoTime() - begin) / 1e9));
                nextNote += TimeUnit.SECONDS.toNanos(15);
            }
            Thread.sleep(5); // polling a state transition; the benchmark's clock starts and stops on it
        }
        return System.nanoTime();
    }

    /**
     * Waits until the offsets {@code groupId} committed on the usage topic add up to {@code expected}, at most
     * {@code patience}; every 15 s {@code progress} hears how far it got.
     */
    void awaitCommitted(Admin admin, String groupId, long expected, Duration patience, Consumer<String> progress)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        long nextNote = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            long sum = committed(admin, groupId);
            if (sum >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + sum + " of " + expected + " samples processed in "
                        + minutes(patience));
            }
            if (System.nanoTime() > nextNote) {
                progress.accept(String.format("%,d of %,d samples committed", sum, expected));
                nextNote += TimeUnit.SECONDS.toNanos(15);
            }
            // each look is a group-offsets request the measured process serves: 10 a second cost little, and 100 ms
            // is 0.2% of a minute-long backlog
            Thread.sleep(100);
        }
    }

    /** The offsets {@code groupId} committed on the usage topic, summed over its partitions. */
    long committed(Admin admin, String groupId) throws Exception {
        String usage = topics.usageSamples().name();
        return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .entrySet().stream().filter(e -> e.getKey().topic().equals(usage) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** The records ever written to {@code topic}: its end offsets, summed. */
    static long endOffsets(Admin admin, TopicSpec<?, ?> topic) throws Exception {
        return endOffsets(admin, topic.name(), topic.partitions());
    }

    /** The records ever written to the first {@code partitions} partitions of {@code topic} (a changelog). */
    static long endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    /** Bytes the brokers hold for {@code topic}, summed over its partitions and replicas (its log segments). */
    static long topicBytes(Admin admin, String topic) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                .map(Node::id).toList();
        long bytes = 0;
        for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
            for (var dir : dirs.values()) {
                for (var e : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        bytes += e.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    private static String minutes(Duration patience) {
        return patience.toMinutes() + " minutes";
    }
}
