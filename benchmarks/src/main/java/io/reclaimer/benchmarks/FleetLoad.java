package io.reclaimer.benchmarks;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.usage.UsageSample;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The samples of the fleet benchmark, produced as the collectors produce them (versioned JSON, lz4, 256 KiB batches):
 * a backlog that visits every container in turn (so a sample almost never finds its container's state decoded in
 * memory, as at fleet scale) and a background load paced at a target rate that strides through the fleet.
 */
final class FleetLoad {

    /** A stride through the fleet: consecutive background samples hit far-apart containers, as a fleet's would. */
    private static final long STRIDE = 7_919;
    /** One warm-up sample in this many is a new container's. */
    static final int NEW_CONTAINER_EVERY = 50;

    private final BenchKafka kafka;
    private final FleetShape shape;

    FleetLoad(BenchKafka kafka, FleetShape shape) {
        this.kafka = kafka;
        this.shape = shape;
    }

    static Properties producerConfig(BenchKafka kafka) {
        Properties p = kafka.producerConfig();
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

    /** The usage record of container {@code i} in round {@code round} (its minute), at {@code t}. */
    private ProducerRecord<byte[], byte[]> record(int i, long round, long t) {
        ContainerRef c = shape.container(i);
        int p = i % FleetWarmUp.PROTOTYPES;
        return toRecord(new UsageSample(c, FleetWarmUp.PODS[(int) (round % FleetWarmUp.PODS.length)],
                Instant.ofEpochMilli(t), cpu(p, round, t), memory(p, round)));
    }

    private ProducerRecord<byte[], byte[]> toRecord(UsageSample sample) {
        String topic = kafka.topics().usageSamples().name();
        return new ProducerRecord<>(topic, null, sample.timestamp().toEpochMilli(),
                FleetShape.utf8(sample.container().key()),
                kafka.topics().usageSamples().valueSerde().serializer().serialize(topic, sample));
    }

    /**
     * {@code samples} samples visiting every container in turn, one minute apart per round, from {@code start}: the
     * rate a fleet of this size sends at one sample a minute, compressed into a backlog. One in
     * {@value #NEW_CONTAINER_EVERY} of the first {@code warmUp} is instead the first sample of a container the fleet
     * did not have (as pods come and go in a real fleet): the mature states' samples change no recommendation, so
     * without these a JVM would compile the path that emits one (and the probes time) only once the probes run.
     */
    void produceBacklog(long samples, long warmUp, long startMillis, Consumer<String> progress) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(producerConfig(kafka))) {
            for (long n = 0; n < samples; n++) {
                long round = n / shape.containers();
                int i = (int) (n % shape.containers());
                long t = startMillis + round * 60_000L + (i * 60_000L / shape.containers());
                producer.send(n < warmUp && n % NEW_CONTAINER_EVERY == NEW_CONTAINER_EVERY - 1
                        ? newContainer(n, t) : record(i, round, t));
                if (n % 500_000 == 499_999) {
                    progress.accept("steady: " + (n + 1) + " of " + samples + " backlog samples produced");
                }
            }
            producer.flush();
        }
    }

    /** The first sample of a container outside the fleet: it gets its first recommendation. */
    private ProducerRecord<byte[], byte[]> newContainer(long n, long t) {
        ContainerRef c = new ContainerRef("bench-warm-up", "arrivals", "Deployment", "arrival-" + n, "app");
        return toRecord(new UsageSample(c, "arrival-" + n + "-0", Instant.ofEpochMilli(t), 0.25, 256L << 20));
    }

    /** Samples of the fleet's containers at {@code perSecond}, from round {@code firstRound} on, striding through it. */
    PacedLoad background(int perSecond, long firstRound) {
        Properties config = producerConfig(kafka);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, CpuMeter.LOAD_CLIENT); // its I/O thread is named after it
        return new PacedLoad(config, perSecond, CpuMeter.LOAD_CLIENT, (n, now) ->
                record((int) ((n * STRIDE) % shape.containers()), firstRound + n / shape.containers(), now));
    }
}
