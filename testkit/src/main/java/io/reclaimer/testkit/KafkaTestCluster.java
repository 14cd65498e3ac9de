package io.reclaimer.testkit;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What an integration test needs from the shared broker: a private topic namespace per test (so tests
 * sharing the broker never see each other's records), and small producer/consumer helpers that read
 * committed data only, as the pipeline does.
 */
public final class KafkaTestCluster {

    private final String bootstrapServers;

    KafkaTestCluster(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How the pipeline's clients reach this broker (no client properties: a plaintext listener). */
    public KafkaClientSettings client() {
        return KafkaClientSettings.of(bootstrapServers);
    }

    /** A fresh catalog under a unique namespace, with all its topics created. */
    public Topics createTopics(String testName) {
        String namespace = "it-" + testName.replaceAll("[^a-zA-Z0-9_-]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.namespace(namespace);
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30)).ensure(topics.all());
        }
        return topics;
    }

    /** Creates the state topic of collector agent {@code agentId} in the namespace of {@code topics}. */
    public void createAgentState(Topics topics, String agentId) {
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30))
                    .ensure(List.<TopicSpec<?, ?>>of(topics.agentState(agentId)));
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public <K, V> void send(TopicSpec<K, V> topic, K key, V value) {
        send(topic.name(), serialize(topic.keySerde().serializer(), topic.name(), key),
                serialize(topic.valueSerde().serializer(), topic.name(), value));
    }

    /** Sends raw bytes, e.g. a malformed record the pipeline must survive. */
    public void send(String topic, byte[] key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /**
     * Reads the topic from the beginning (committed records only) until {@code done} accepts what has been
     * read, or fails after {@code timeout}. Tombstones are returned with a null value.
     */
    public <K, V> List<ConsumerRecord<K, V>> readUntil(TopicSpec<K, V> topic, Predicate<List<ConsumerRecord<K, V>>> done,
                                                       Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " reading " + topic.name()
                            + "; read " + records.size() + " records: " + records);
                }
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(),
                            topic.keySerde().deserializer().deserialize(raw.topic(), raw.key()),
                            topic.valueSerde().deserializer().deserialize(raw.topic(), raw.value())));
                }
            }
        }
        return records;
    }

    /**
     * Everything committed on the topic right now, read to its end (for failure messages and final checks;
     * an undecodable record is reported as its decoding error instead of failing the read).
     */
    public <K, V> List<String> describeTopic(TopicSpec<K, V> topic, int lastN) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    String value;
                    try {
                        value = String.valueOf(topic.valueSerde().deserializer().deserialize(raw.topic(), raw.value()));
                    } catch (RuntimeException e) {
                        value = "<undecodable: " + e.getMessage() + ">";
                    }
                    lines.add(raw.partition() + "@" + raw.offset() + " " + value);
                }
            }
        } catch (RuntimeException e) {
            lines.add("<cannot read " + topic.name() + ": " + e + ">");
        }
        return lines.subList(Math.max(0, lines.size() - lastN), lines.size());
    }

    public <K, V> List<ConsumerRecord<K, V>> readAtLeast(TopicSpec<K, V> topic, int count, Duration timeout) {
        return readUntil(topic, records -> records.size() >= count, timeout);
    }

    private static <T> byte[] serialize(Serializer<T> serializer, String topic, T value) {
        return value == null ? null : serializer.serialize(topic, value);
    }
}
