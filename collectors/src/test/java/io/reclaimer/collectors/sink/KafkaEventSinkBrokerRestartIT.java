package io.reclaimer.collectors.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.kafka.embedded.EmbeddedKafkaBroker;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collectors' producer (acks=all, idempotent, long delivery timeout) across a broker restart: samples
 * emitted while the broker restarts wait in the producer and arrive once it is back, each exactly once. Its
 * own broker (not the shared one): the test restarts it.
 */
class KafkaEventSinkBrokerRestartIT {

    private static final int SAMPLES = 4_000;

    @Test
    void aBrokerRestartLosesAndDuplicatesNoSample(@TempDir Path dir) throws Exception {
        Topics topics = Topics.namespace("restart");
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dir);
        String bootstrap = first.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30)).ensure(List.of(topics.usageSamples()));
        }
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        EmbeddedKafkaBroker broker;
        try (KafkaEventSink sink = KafkaEventSink.connect(KafkaClientSettings.of(bootstrap), "restart-test", Map.of())) {
            for (int i = 0; i < SAMPLES / 2; i++) {
                emit(sink, topics, start, i);
            }
            // the collector keeps emitting while the broker goes down and comes back, as in a rolling restart
            CountDownLatch down = new CountDownLatch(1);
            CompletableFuture<EmbeddedKafkaBroker> restarted = CompletableFuture.supplyAsync(() -> {
                first.close();
                down.countDown();
                return EmbeddedKafkaBroker.start(dir);
            });
            assertThat(down.await(1, TimeUnit.MINUTES)).isTrue();
            for (int i = SAMPLES / 2; i < SAMPLES; i++) { // sent while the broker is down or starting
                emit(sink, topics, start, i);
            }
            broker = restarted.get(2, TimeUnit.MINUTES);
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            sink.flush();
        }
        try {
            Map<String, Integer> copies = readAll(bootstrap, topics.usageSamples().name());
            assertThat(copies).hasSize(SAMPLES);
            assertThat(copies.values()).containsOnly(1);
        } finally {
            broker.close();
        }
    }

    private static void emit(KafkaEventSink sink, Topics topics, Instant start, int i) {
        ContainerRef ref = new ContainerRef("c1", "ns", "Deployment", "web-" + (i % 50), "app");
        // the key of a sample is its container; the pod name and time make each sample distinct
        sink.emit(topics.usageSamples(), ref.key(), new UsageSample(ref, "pod-" + i, start.plusSeconds(i), 0.5, 1000 + i));
    }

    private static Map<String, Integer> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String sample = new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
                    String pod = sample.replaceAll(".*\"pod\":\"([^\"]+)\".*", "$1");
                    copies.merge(pod, 1, Integer::sum);
                    read++;
                }
            }
        }
        return copies;
    }
}
