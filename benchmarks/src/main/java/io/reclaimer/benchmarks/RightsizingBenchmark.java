package io.reclaimer.benchmarks;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
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
 *   <li>one analysis instance (one stream thread, exactly-once v2, the production settings) processes the
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
 * ({@link io.reclaimer.streams.rightsizing.EmissionPolicy}), so a sample of a known container usually produces no
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
                "default", 1, FLEET_SAMPLES_PER_SECOND);

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

    private final KafkaClientSettings kafka;
    private final Options options;
    private final Path stateDir;
    private final Consumer<String> progress;
    private final Topics topics = Topics.namespace("bench-" + UUID.randomUUID().toString().substring(0, 8));
    /** The backlog's containers and their record keys, in the order the samples cycle through them. */
    private final List<ContainerRef> refs = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();

    public RightsizingBenchmark(String bootstrapServers, Options options, Path stateDir, Consumer<String> progress) {
        this(KafkaClientSettings.of(bootstrapServers), options, stateDir, progress);
    }

    /** Against any cluster: every client (admin, producers, consumers, Streams) uses {@code kafka}'s properties. */
    public RightsizingBenchmark(KafkaClientSettings kafka, Options options, Path stateDir, Consumer<String> progress) {
        this.kafka = kafka;
        this.options = options;
        this.stateDir = stateDir;
        this.progress = progress;
    }

    public Details run() throws Exception {
        createTopics();
        progress.accept("producing " + options.samples() + " samples of " + options.containers() + " containers");
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        produceBacklog(end);

        progress.accept("reading them back with a plain consumer");
        double rawSeconds = rawConsume();

        RightsizingConfig config = RightsizingConfig.DEFAULTS.withStrategy(options.strategy());
        AnalysisConfig analysis = new AnalysisConfig("bench-" + topics.namespace(), stateDir, options.threads(), 0,
                options.commitInterval(), "", null, null);
        RightsizingFeature feature = new RightsizingFeature(config);
        try (AnalysisService service = new AnalysisService(AnalysisTopology.build(topics, List.of(feature)),
                AnalysisService.properties(kafka, topics, analysis, Map.of()));
             Admin admin = admin()) {
            progress.accept("processing them with one analysis instance");
            service.start();
            long begin = awaitRunning(service);
            long processCpuBefore = processCpuNanos();
            long threadCpuBefore = streamThreadCpuNanos();
            awaitCommitted(admin, analysis.applicationId(), options.samples());
            double processSeconds = (System.nanoTime() - begin) / 1e9;
            double processCpu = (processCpuNanos() - processCpuBefore) / 1e3 / options.samples();
            double threadCpu = (streamThreadCpuNanos() - threadCpuBefore) / 1e3 / options.samples();

            long[] stateSizes = stateSizes(service);
            double[] latencies;
            LatencyLoad load;
            try (BackgroundLoad background = new BackgroundLoad(options.loadSamplesPerSecond())) {
                if (options.loadSamplesPerSecond() > 0) {
                    progress.accept("streaming " + options.loadSamplesPerSecond() + " samples/s of the "
                            + options.containers() + " containers in the background");
                    Thread.sleep(LOAD_WARM_UP.toMillis()); // let the load reach steady state before the first probe
                    background.check();
                }
                progress.accept("measuring latency with " + options.probes() + " probes");
                long acknowledgedBefore = background.acknowledged();
                long probesBegin = System.nanoTime();
                latencies = probeLatencies();
                double probeSeconds = (System.nanoTime() - probesBegin) / 1e9;
                long acknowledgedDuring = background.acknowledged() - acknowledgedBefore;
                background.check();
                load = new LatencyLoad(options.loadSamplesPerSecond(), acknowledgedDuring, probeSeconds,
                        pending(admin, analysis.applicationId()));
            }
            Arrays.sort(latencies);
            double samplesPerSecond = options.samples() / processSeconds;
            double rawPerSecond = options.samples() / rawSeconds;
            double meanState = Arrays.stream(stateSizes).average().orElse(0);
            Result result = new Result(round(samplesPerSecond), round(rawPerSecond), Math.round(samplesPerSecond / rawPerSecond * 10000) / 10000.0,
                    round(meanState), round(percentile(latencies, 0.99)),
                    round(load.samplesDuringProbes() / load.probeSeconds()));
            return new Details(result, options.containers(), options.samples(), processSeconds, rawSeconds,
                    stateSizes.length, Arrays.stream(stateSizes).max().orElse(0), percentile(latencies, 0.5),
                    latencies[latencies.length - 1], countRecommendations(), processCpu, threadCpu, load);
        }
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long streamThreadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().contains("StreamThread")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private Admin admin() {
        return Admin.create(kafka.clientConfig());
    }

    private void createTopics() throws Exception {
        try (Admin admin = admin()) {
            createTopicsKeepingSamples(admin, topics);
        }
    }

    /**
     * The catalog's topics, except that the backlog's samples are kept whatever their age, each with one replica
     * and min.insync.replicas 1 also on a cluster whose default is 2: the benchmark's own topics. Through the
     * provisioner, which waits until every new partition's leader serves it: a producer writing earlier can spin a
     * batch on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591).
     */
    static void createTopicsKeepingSamples(Admin admin, Topics topics) {
        TopicSpec<String, UsageSample> usage = topics.usageSamples();
        List<TopicSpec<?, ?>> all = new ArrayList<>();
        all.add(new TopicSpec<>(usage.name(), usage.keySerde(), usage.valueSerde(), usage.partitions(),
                TopicSpec.Cleanup.DELETE, Duration.ofMillis(-1), usage.copartitionGroup(), usage.description()));
        topics.all().stream().filter(t -> !t.name().equals(usage.name())).forEach(all::add);
        new TopicProvisioner(admin, (short) 1, (short) 1, Duration.ofSeconds(60)).ensure(all);
    }

    private static Properties producerConfig(KafkaClientSettings kafka) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
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

    private void produceBacklog(Instant end) throws Exception {
        long perContainer = options.samples() / options.containers();
        long stepMillis = Math.max(1000, Duration.ofDays(options.historyDays()).toMillis() / Math.max(1, perContainer));
        long start = end.toEpochMilli() - stepMillis * perContainer;
        var specSerde = topics.workloads().valueSerde().serializer();
        var sampleSerde = topics.usageSamples().valueSerde().serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(kafka),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < options.containers(); i++) {
                ContainerRef ref = container(i);
                refs.add(ref);
                byte[] key = ref.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
                    UsageSample sample = sample(i, step, t, pod);
                    producer.send(new ProducerRecord<>(topics.usageSamples().name(), null, t, keys.get(i),
                            sampleSerde.serialize(topics.usageSamples().name(), sample)));
                    sent++;
                }
            }
            producer.flush();
        }
    }

    private double rawConsume() {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.usageSamples().name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long begin = System.nanoTime();
            long bytes = 0;
            while (read < options.samples()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    bytes += record.value().length; // touch the value as a processor would
                    read++;
                }
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (bytes == 0) {
                throw new IllegalStateException("no bytes read");
            }
            return seconds;
        }
    }

    private static long awaitRunning(AnalysisService service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (service.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the analysis service did not start within 2 minutes: " + service.state());
            }
            Thread.sleep(5); // polling a state transition; the benchmark's clock starts when it happens
        }
        return System.nanoTime();
    }

    private void awaitCommitted(Admin admin, String groupId, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        String usage = topics.usageSamples().name();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(usage) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            if (sum >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + sum + " of " + expected + " samples processed in 30 minutes");
            }
            Thread.sleep(20);
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

    /**
     * Streams samples of the backlog's containers at a steady rate from its own thread, with the collectors'
     * producer settings, stamped with the wall clock. It paces itself on a schedule (the samples due by now), so a
     * producer that falls behind catches up as fast as it can instead of lowering the target silently; what the
     * broker acknowledged is counted, and that is what gets reported.
     */
    private final class BackgroundLoad implements AutoCloseable {
        private final int samplesPerSecond;
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean running = true;
        private final Thread thread;

        BackgroundLoad(int samplesPerSecond) {
            this.samplesPerSecond = samplesPerSecond;
            this.thread = new Thread(this::stream, "bench-background-load");
            this.thread.setDaemon(true);
            if (samplesPerSecond > 0) {
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
                long step = options.samples() / options.containers();
                int i = 0;
                while (running && failure.get() == null) {
                    long due = (long) ((System.nanoTime() - begin) / 1e9 * samplesPerSecond);
                    if (sent >= due) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    for (; sent < due && running; sent++) {
                        UsageSample sample = sample(i, step, now, (int) (step % options.podsPerContainer()));
                        producer.send(new ProducerRecord<>(topic, null, now, keys.get(i), serde.serialize(topic, sample)),
                                counted);
                        if (++i == options.containers()) {
                            i = 0;
                            step++;
                        }
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

    /** Samples produced to the usage topic that the analysis has not committed yet. */
    private long pending(Admin admin, String groupId) throws Exception {
        String usage = topics.usageSamples().name();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < topics.usageSamples().partitions(); p++) {
            request.put(new TopicPartition(usage, p), OffsetSpec.latest());
        }
        long produced = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
        long committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .entrySet().stream().filter(e -> e.getKey().topic().equals(usage) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
        return Math.max(0, produced - committed);
    }

    /**
     * Sends probe samples for fresh containers (their first sample always emits a recommendation) and times each
     * until that recommendation is readable.
     */
    private double[] probeLatencies() throws Exception {
        Properties c = kafka.clientProperties();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> sentAt = new HashMap<>();
        List<Double> latencies = new ArrayList<>();
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
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (latencies.size() < options.probes()) {
                if (sent < options.probes() && System.nanoTime() >= nextSend) {
                    ContainerRef probe = new ContainerRef("bench-probe", "probe", "Deployment", "probe-" + sent, "app");
                    Instant now = Instant.now();
                    UsageSample sample = new UsageSample(probe, "probe-" + sent + "-0", now, 0.25, 256L << 20);
                    sentAt.put(probe.key(), System.nanoTime());
                    producer.send(new ProducerRecord<>(topics.usageSamples().name(), null, now.toEpochMilli(),
                            probe.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            serde.serialize(topics.usageSamples().name(), sample)));
                    producer.flush();
                    sent++;
                    nextSend += TimeUnit.MILLISECONDS.toNanos(options.probeIntervalMs());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    Long at = sentAt.remove(record.key());
                    if (at != null) {
                        latencies.add((System.nanoTime() - at) / 1e6);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + latencies.size() + " of " + options.probes()
                            + " probe recommendations arrived within 2 minutes");
                }
            }
        }
        return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private long countRecommendations() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < topics.recommendations().partitions(); p++) {
                request.put(new TopicPartition(topics.recommendations().name(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The recommendation type, so the JSON serde of the output topic is loaded before timing starts. */
    static final Class<Recommendation> OUTPUT = Recommendation.class;
}
