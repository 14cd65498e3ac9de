package io.reclaimer.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicProvisionerIT {

    @Test
    void createsTheCatalogIdempotently(KafkaTestCluster kafka) {
        Topics topics = Topics.namespace("prov-" + UUID.randomUUID().toString().substring(0, 8));
        try (Admin admin = kafka.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30));
            assertThat(provisioner.ensure(topics.all())).hasSize(topics.all().size());
            assertThat(provisioner.ensure(topics.all())).isEmpty();
        }
    }

    /**
     * KAFKA-15591: an idempotent producer writing to a partition its leader has not created yet can lose a
     * batch. Once ensure() returns, every new partition must take writes without a single retry.
     */
    @Test
    void newPartitionsTakeWritesAtOnceWhenEnsureReturns(KafkaTestCluster kafka) throws Exception {
        Topics topics = Topics.namespace("ready-" + UUID.randomUUID().toString().substring(0, 8));
        try (Admin admin = kafka.admin()) {
            new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30)).ensure(topics.all());
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (TopicSpec<?, ?> topic : topics.all()) {
                for (int partition = 0; partition < topic.partitions(); partition++) {
                    for (int i = 0; i < 3; i++) {
                        producer.send(new ProducerRecord<>(topic.name(), partition, null, new byte[] {1}));
                    }
                }
            }
            producer.flush();
            double retries = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics"))
                    .mapToDouble(e -> (double) e.getValue().metricValue()).sum();
            assertThat(retries).isZero();
        }
    }
}
