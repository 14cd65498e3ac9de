package io.reclaimer.benchmarks;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Measures the rightsizing topology on a real broker: a backlog of usage samples (the versioned JSON of the
 * topic contract, as the collectors send it: lz4, 256 KiB batches) is produced first; then
 * <ol>
 *   <li>a plain consumer reads the same records as bytes: the ceiling of what any consumer of this broker can
 *       do ({@code rawConsumePerSecond});</li>
 *   <li>one analysis instance (one stream thread per core, exactly-once v2, the production settings) processes the
 *       backlog, timed from the moment it is RUNNING until its committed offsets cover every sample
 *       ({@code samplesPerSecond});</li>
 *   <li>the encoded state of every container is measured ({@code stateBytesPerContainer}, the store's value
 *       bytes: the key is the container key);</li>
 *   <li>a background producer starts streaming samples of the backlog's containers at
 *       {@code loadSamplesPerSecond} (produced like the backlog, stamped with the wall clock as a collector
 *       would); after {@link #LOAD_WARM_UP}, probe samples for new containers are sent one every
 *       {@code probeIntervalMs} and the time until each one's recommendation is readable (read_committed) is
 *       recorded ({@code p99LatencyMs}). The probes queue behind the background samples in the same partitions
 *       and transactions, so the figure is the latency of a pipeline under load. The background rate the broker
 *       acknowledged while the probes ran is reported ({@code latencyLoadSamplesPerSecond}): if the producer
 *       cannot keep up with the target, the figure says what it achieved. A rate of 0 measures an idle
 *       pipeline.</li>
 * </ol>
 * Samples of one container are spread over {@code historyDays} so that the state holds a realistic history.
 *
 * <p>Why probes are new containers: a recommendation is only emitted when it changes materially
 * ({@code EmissionPolicy}), so a sample of a known container usually produces no
 * record to time; the first sample of a container always produces its first recommendation.
 */
public final class RightsizingBenchmark {

    /**
     * @param loadSamplesPerSecond background samples per second while the probes are timed; 0 for an idle pipeline
     */
    public record Options(int containers, long samples, int podsPerContainer, int historyDays, int probes,
                          long probeIntervalMs, Duration commitInterval, String strategy, int threads,
                          int loadSamplesPerSecond) {

        /** The design fleet: 1,000 clusters × 1,000 containers at one sample a minute. */
        public static final int FLEET_SAMPLES_PER_SECOND = 1_000 * 1_000 / 60;

        public static final Options DEFAULTS = new Options(10_000, 2_000_000, 2, 7, 200, 25, Duration.ofMillis(200),
                "default", 0, FLEET_SAMPLES_PER_SECOND);

        public Options {
            if (containers < 1 || samples < containers || podsPerContainer < 1 || historyDays < 1 || probes < 1
                    || loadSamplesPerSecond < 0) {
                throw new IllegalArgumentException("need containers >= 1, samples >= containers, pods >= 1, "
                        + "history >= 1 day, probes >= 1 and a load rate >= 0");
            }
        }

        public Options with(Integer containers, Long samples) {
            return new Options(containers == null ? this.containers : containers, samples == null ? this.samples : samples,
                    podsPerContainer, historyDays, probes, probeIntervalMs, commitInterval, strategy, threads,
                    loadSamplesPerSecond);
        }
    }

    /**
     * The measured figures; the JSON output has exactly these fields. {@code latencyLoadSamplesPerSecond} is the
     * background rate acknowledged by the broker while {@code p99LatencyMs} was measured.
     */
    public record Result(double samplesPerSecond, double rawConsumePerSecond, double ratio, double stateBytesPerContainer,
                         double p99LatencyMs, double latencyLoadSamplesPerSecond) {
    }

    /** How long the background load runs before the first probe, so the probes meet a pipeline in steady state. */
    public static final Duration LOAD_WARM_UP = Duration.ofSeconds(2);

    /**
     * The run's context, for people. CPU figures are of this process (broker included) and of the stream thread
     * while the backlog was processed: they tell what the machine's load took away from the wall-clock figures.
     */
    public record Details(Result result, int containers, long samples, double processSeconds, double rawSeconds,
                          long statesMeasured, double maxStateBytes, double p50LatencyMs, double maxLatencyMs,
                          long recommendationsEmitted, double processCpuMicrosPerSample,
                          double streamThreadCpuMicrosPerSample, LatencyLoad latencyLoad) {
    }

    /**
     * The background load during the latency measurement: the target, the samples the broker acknowledged while
     * the probes ran and over how long, and the samples produced but not yet committed by the analysis when the
     * last probe arrived (a pipeline that keeps up holds a fraction of a second's worth).
     */
    public record LatencyLoad(int targetPerSecond, long samplesDuringProbes, double probeSeconds, long lagAfterProbes) {
    }

    private final BenchKafka kafka;
    private final Options options;
    private final Path stateDir;
    private final Consumer<String> progress;
    /** The backlog's containers and their record keys, in the order the samples cycle through them. */
    private final List<ContainerRef> refs = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();

    public RightsizingBenchmark(String bootstrapServers, Options options, Path stateDir, Consumer<String> progress) {
        this(KafkaClientSettings.of(bootstrapServers), options, stateDir, progress);
    }

    /** Against any cluster: every client (admin, producers, consumers, Streams) uses {@code kafka}'s properties. */
    public RightsizingBenchmark(KafkaClientSettings kafka, Options options, Path stateDir, Consumer<String> progress) {
        this.kafka = new BenchKafka(kafka, Topics.namespace("bench-" + UUID.randomUUID().toString().substring(0, 8)));
        this.options = options;
        this.stateDir = stateDir;
        this.progress = progress;
    }

    public Details run() throws Exception {
        Topics topics = kafka.topics();
        kafka.createTopics();
        progress.accept("producing " + options.samples() + " samples of " + options.containers() + " containers");
        produceBacklog(Instant.now().truncatedTo(ChronoUnit.MINUTES));

        progress.accept("reading them back with a plain consumer");
        double rawSeconds = kafka.rawConsume(options.samples());

        RightsizingConfig config = RightsizingConfig.DEFAULTS.withStrategy(options.strategy());
        AnalysisConfig analysis = new AnalysisConfig("bench-" + topics.namespace(), stateDir, options.threads(), 0,
                options.commitInterval(), "", null, null, 0);
        RightsizingFeature feature = new RightsizingFeature(config);
        try (AnalysisService service = new AnalysisService(AnalysisTopology.build(topics, List.of(feature)),
                AnalysisService.properties(kafka.settings(), topics, analysis, Map.of()));
             Admin admin = kafka.admin()) {
            progress.accept("processing them with one analysis instance");
            service.start();
            long begin = BenchKafka.awaitRunning(service, System.nanoTime(), Duration.ofMinutes(2), progress);
            CpuMeter cpu = CpuMeter.start();
            kafka.awaitCommitted(admin, analysis.applicationId(), options.samples(), Duration.ofMinutes(30), progress);
            double processSeconds = (System.nanoTime() - begin) / 1e9;
            CpuMeter.Window spent = cpu.stop();
            double processCpu = spent.processMicrosPer(options.samples());
            double threadCpu = spent.streamMicrosPer(options.samples());

            long[] stateSizes = stateSizes(service);
            Probes.Latencies latencies;
            LatencyLoad load;
            try (PacedLoad background = new PacedLoad(kafka.producerConfig(), options.loadSamplesPerSecond(),
                    "bench-background-load", this::backgroundSample)) {
                if (options.loadSamplesPerSecond() > 0) {
                    progress.accept("streaming " + options.loadSamplesPerSecond() + " samples/s of the "
                            + options.containers() + " containers in the background");
                    Thread.sleep(LOAD_WARM_UP.toMillis()); // let the load reach steady state before the first probe
                    background.check();
                }
                progress.accept("measuring latency with " + options.probes() + " probes");
                long acknowledgedBefore = background.acknowledged();
                long probesBegin = System.nanoTime();
                latencies = Probes.run(kafka, options.probes(), options.probeIntervalMs(), Duration.ofMinutes(2));
                if (latencies.unanswered() > 0) {
                    throw new IllegalStateException("only " + latencies.answered() + " of "
                            + options.probes() + " probe recommendations arrived within 2 minutes");
                }
                double probeSeconds = (System.nanoTime() - probesBegin) / 1e9;
                long acknowledgedDuring = background.acknowledged() - acknowledgedBefore;
                background.check();
                load = new LatencyLoad(options.loadSamplesPerSecond(), acknowledgedDuring, probeSeconds,
                        Math.max(0, BenchKafka.endOffsets(admin, topics.usageSamples())
                                - kafka.committed(admin, analysis.applicationId())));
            }
            double samplesPerSecond = options.samples() / processSeconds;
            double rawPerSecond = options.samples() / rawSeconds;
            double meanState = Arrays.stream(stateSizes).average().orElse(0);
            Result result = new Result(round(samplesPerSecond), round(rawPerSecond),
                    Math.round(samplesPerSecond / rawPerSecond * 10000) / 10000.0, round(meanState),
                    round(latencies.percentile(0.99)), round(load.samplesDuringProbes() / load.probeSeconds()));
            return new Details(result, options.containers(), options.samples(), processSeconds, rawSeconds,
                    stateSizes.length, Arrays.stream(stateSizes).max().orElse(0), latencies.percentile(0.5),
                    latencies.max(), BenchKafka.endOffsets(admin, topics.recommendations()), processCpu, threadCpu,
                    load);
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private ContainerRef container(int i) {
        return new ContainerRef("bench-" + (i % 10), "ns-" + (i % 50), "Deployment", "svc-" + i, "app");
    }

    /** Sample {@code step} of container {@code i} at {@code t}: a diurnal CPU curve with spikes, a slow memory saw. */
    private UsageSample sample(int i, long step, long t, int pod) {
        double phase = (t % 86_400_000L) / 86_400_000.0 * 2 * Math.PI;
        double cpu = 0.1 + 0.05 * (i % 7) + 0.08 * Math.sin(phase) + ((step + i) % 29 == 0 ? 0.4 : 0);
        long memory = (300L + 20L * (i % 11) + (step % 17)) << 20;
        return new UsageSample(refs.get(i), refs.get(i).workloadName() + "-" + pod, Instant.ofEpochMilli(t),
                Math.max(0.001, Math.round(cpu * 1e6) / 1e6), memory);
    }

    /**
     * Background sample {@code n}: the backlog's containers in turn, each round one step on, stamped with the wall
     * clock as a collector would.
     */
    private ProducerRecord<byte[], byte[]> backgroundSample(long n, long now) {
        int i = (int) (n % options.containers());
        long step = options.samples() / options.containers() + n / options.containers();
        String topic = kafka.topics().usageSamples().name();
        UsageSample sample = sample(i, step, now, (int) (step % options.podsPerContainer()));
        return new ProducerRecord<>(topic, null, now, keys.get(i),
                kafka.topics().usageSamples().valueSerde().serializer().serialize(topic, sample));
    }

    private void produceBacklog(Instant end) {
        Topics topics = kafka.topics();
        long perContainer = options.samples() / options.containers();
        long stepMillis = Math.max(1000, Duration.ofDays(options.historyDays()).toMillis() / Math.max(1, perContainer));
        long start = end.toEpochMilli() - stepMillis * perContainer;
        var specSerde = topics.workloads().valueSerde().serializer();
        var sampleSerde = topics.usageSamples().valueSerde().serializer();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(kafka.producerConfig())) {
            for (int i = 0; i < options.containers(); i++) {
                ContainerRef ref = container(i);
                refs.add(ref);
                byte[] key = ref.key().getBytes(StandardCharsets.UTF_8);
                keys.add(key);
                WorkloadContainerSpec spec = new WorkloadContainerSpec(ref, options.podsPerContainer(),
                        new ResourceAmounts(1.0, 2L << 30), ResourceAmounts.NONE, WorkloadContainerSpec.QosClass.BURSTABLE,
                        "general", null, new UnitPrices(0.0316, 0.0042), Map.of("team", "t" + (i % 20)), Map.of(),
                        Instant.ofEpochMilli(start));
                producer.send(new ProducerRecord<>(topics.workloads().name(), null, start - 60_000, key,
                        specSerde.serialize(topics.workloads().name(), spec)));
            }
            long sent = 0;
            for (long step = 0; sent < options.samples(); step++) {
                long t = start + step * stepMillis;
                for (int i = 0; i < options.containers() && sent < options.samples(); i++) {
                    int pod = (int) (sent % options.podsPerContainer());
                    producer.send(new ProducerRecord<>(topics.usageSamples().name(), null, t, keys.get(i),
                            sampleSerde.serialize(topics.usageSamples().name(), sample(i, step, t, pod))));
                    sent++;
                }
            }
            producer.flush();
        }
    }

    private long[] stateSizes(AnalysisService service) {
        ReadOnlyKeyValueStore<String, byte[]> store = service.store(RightsizingFeature.STORE,
                QueryableStoreTypes.keyValueStore());
        List<Long> sizes = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                sizes.add((long) entry.value.length);
            }
        }
        return sizes.stream().mapToLong(Long::longValue).toArray();
    }
}
