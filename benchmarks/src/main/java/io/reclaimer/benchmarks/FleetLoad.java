package io.reclaimer.benchmarks;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.reclaimer.model.kafka.KafkaClientSettings;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The samples of the fleet benchmark, produced as the collectors produce them (versioned JSON, lz4, 256 KiB batches):
 * a backlog that visits every container in turn (so a sample almost never finds its container's state decoded in
 * memory, as at fleet scale), a background load paced at a target rate, and probe samples of new containers timed
 * until their recommendation is readable.
 */
final class FleetLoad {

    private final KafkaClientSettings kafka;
    private final Topics topics;
    private final FleetShape shape;

    FleetLoad(KafkaClientSettings kafka, Topics topics, FleetShape shape) {
        this.kafka = kafka;
        this.topics = topics;
        this.shape = shape;
    }

    static Properties producerConfig(KafkaClientSettings kafka) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        return p;
    }

    /** CPU of prototype {@code p} at minute {@code m}: a diurnal curve, bursts one minute in 29. */
    static double cpu(int p, long m, long t) {
        double phase = (t % 86_400_000L) / 86_400_000.0 * 2 * Math.PI;
        double cpu = 0.05 + 0.04 * (p % 7) + 0.05 * Math.sin(phase) + ((m + p) % 29 == 0 ? 0.3 : 0);
        return Math.max(0.001, Math.round(cpu * 1e6) / 1e6);
    }

    /** Memory of prototype {@code p} at minute {@code m}: a level per prototype and a slow saw. */
    static long memory(int p, long m) {
        return (200L + 15L * (p % 11) + (m % 47)) << 20;
    }

    private UsageSample sample(int i, long round, long t) {
        ContainerRef c = shape.container(i);
        int p = i % FleetWarmUp.PROTOTYPES;
        return new UsageSample(c, FleetWarmUp.PODS[(int) (round % FleetWarmUp.PODS.length)], Instant.ofEpochMilli(t),
                cpu(p, round, t), memory(p, round));
    }

    /**
     * {@code samples} samples visiting every container in turn, one minute apart per round, from {@code start}: the
     * rate a fleet of this size sends at one sample a minute, compressed into a backlog.
     */
    void produceBacklog(long samples, long startMillis, java.util.function.Consumer<String> progress) {
        var serde = topics.usageSamples().valueSerde().serializer();
        String topic = topics.usageSamples().name();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long n = 0; n < samples; n++) {
                long round = n / shape.containers();
                int i = (int) (n % shape.containers());
                long t = startMillis + round * 60_000L + (i * 60_000L / shape.containers());
                producer.send(new ProducerRecord<>(topic, null, t, FleetShape.utf8(shape.container(i).key()),
                        serde.serialize(topic, sample(i, round, t))));
                if (n % 500_000 == 499_999) {
                    progress.accept("steady: " + (n + 1) + " of " + samples + " backlog samples produced");
                }
            }
            producer.flush();
        }
    }

    /**
     * Streams samples of the fleet's containers at {@code perSecond} from its own thread, stamped with the wall clock,
     * paced on a schedule (the samples due by now) so that falling behind shows as a lower acknowledged rate.
     */
    final class Background implements AutoCloseable {
        private final int perSecond;
        private final long firstRound;
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean running = true;
        private final Thread thread;

        Background(int perSecond, long firstRound) {
            this.perSecond = perSecond;
            this.firstRound = firstRound;
            this.thread = new Thread(this::stream, "bench-fleet-load");
            this.thread.setDaemon(true);
            if (perSecond > 0) {
                thread.start();
            }
        }

        long acknowledged() {
            return acknowledged.get();
        }

        void check() {
            Throwable e = failure.get();
            if (e != null) {
                throw new IllegalStateException("the background load failed: " + e.getMessage(), e);
            }
        }

        private void stream() {
            var serde = topics.usageSamples().valueSerde().serializer();
            String topic = topics.usageSamples().name();
            org.apache.kafka.clients.producer.Callback counted = (metadata, e) -> {
                if (e == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failure.compareAndSet(null, e);
                }
            };
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                long begin = System.nanoTime();
                long sent = 0;
                // a stride through the fleet: consecutive samples hit far-apart containers, as a fleet's would
                long stride = 7_919;
                while (running && failure.get() == null) {
                    long due = (long) ((System.nanoTime() - begin) / 1e9 * perSecond);
                    if (sent >= due) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    for (; sent < due && running; sent++) {
                        int i = (int) ((sent * stride) % shape.containers());
                        long round = firstRound + sent / shape.containers();
                        producer.send(new ProducerRecord<>(topic, null, now, FleetShape.utf8(shape.container(i).key()),
                                serde.serialize(topic, sample(i, round, now))), counted);
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    /** Probes without a recommendation when the last probe run gave up (3 minutes): their waits are lower bounds. */
    int unanswered;

    /**
     * Sends {@code probes} samples of new containers {@code intervalMs} apart; each one's time to its recommendation.
     * After 3 minutes the probes still waiting count with their wait so far ({@link #unanswered}).
     */
    double[] probe(int probes, long intervalMs, LongFunction<Void> onEach) throws Exception {
        Properties c = kafka.clientProperties();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> sentAt = new HashMap<>();
        List<Double> latencies = new ArrayList<>();
        unanswered = 0;
        var serde = topics.usageSamples().valueSerde().serializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.recommendations().name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long nextSend = System.nanoTime();
            int sent = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (latencies.size() < probes) {
                if (sent < probes && System.nanoTime() >= nextSend) {
                    ContainerRef probe = new ContainerRef("bench-probe", "probe", "Deployment", "probe-" + sent, "app");
                    Instant now = Instant.now();
                    sentAt.put(probe.key(), System.nanoTime());
                    producer.send(new ProducerRecord<>(topics.usageSamples().name(), null, now.toEpochMilli(),
                            FleetShape.utf8(probe.key()), serde.serialize(topics.usageSamples().name(),
                                    new UsageSample(probe, "probe-0", now, 0.25, 256L << 20))));
                    producer.flush();
                    onEach.apply(sent);
                    sent++;
                    nextSend += TimeUnit.MILLISECONDS.toNanos(intervalMs);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    Long at = sentAt.remove(record.key());
                    if (at != null) {
                        latencies.add((System.nanoTime() - at) / 1e6);
                    }
                }
                if (System.nanoTime() > deadline) {
                    // an instance slower than the load: the unanswered probes count with what they waited so far, so
                    // the percentiles are lower bounds rather than no figure at all
                    long now = System.nanoTime();
                    for (Long at : sentAt.values()) {
                        latencies.add((now - at) / 1e6);
                        unanswered++;
                    }
                    break;
                }
            }
        }
        return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
