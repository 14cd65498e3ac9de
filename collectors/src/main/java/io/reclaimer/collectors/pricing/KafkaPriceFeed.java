package io.reclaimer.collectors.pricing;

import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link PriceBook} in step with the compacted prices topic: reads it from the beginning (no consumer
 * group, no commits: every process wants all of it), then follows it. An unreadable record is logged and
 * skipped; the pipeline's dead-letter handling is the analysis service's.
 */
public final class KafkaPriceFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPriceFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicSpec<String, PriceRecord> topic;
    private final PriceBook book;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;

    private KafkaPriceFeed(Map<String, Object> clientProperties, TopicSpec<String, PriceRecord> topic, PriceBook book) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "reclaimer-price-feed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.book = book;
        this.thread = new Thread(this::run, "reclaimer-price-feed");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topic} into {@code book}; {@code clientProperties} hold at least bootstrap.servers. */
    public static KafkaPriceFeed start(Map<String, Object> clientProperties, TopicSpec<String, PriceRecord> topic,
                                       PriceBook book) {
        KafkaPriceFeed feed = new KafkaPriceFeed(clientProperties, topic, book);
        feed.thread.start();
        return feed;
    }

    /** Waits until what the topic held at start has been read; false on timeout (prices keep arriving later). */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            while (running.get() && partitions.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                    try {
                        PriceRecord value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        if (key != null) {
                            book.apply(key, value);
                        }
                    } catch (SerializationException e) {
                        LOG.warn("skipping unreadable price {} at {}-{}@{}: {}", key, record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("price book loaded: {} prices", book.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("price feed stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
