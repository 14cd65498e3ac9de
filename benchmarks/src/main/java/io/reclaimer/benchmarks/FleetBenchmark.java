package io.reclaimer.benchmarks;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.metrics.AnalysisMetrics;
import io.reclaimer.streams.metrics.MetricsConfig;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code reclaimer bench fleet}: the design fleet (1,000 clusters × 1,000 containers) through a real broker, in three
 * measured phases.
 * <ol>
 *   <li><b>Warm</b> ({@link FleetWarmUp}): every container gets a mature state, written as the stores' changelogs.</li>
 *   <li><b>Restore</b>: one analysis instance (the rightsizing topology and the metrics' recommendation index, one
 *       stream thread per core, exactly-once v2, production settings) starts on an empty state directory: the time until it
 *       is RUNNING ({@code restoreSeconds}).</li>
 *   <li><b>Steady state</b>: a backlog that visits every container in turn (as a fleet does; a state is almost never
 *       found decoded in memory) is processed at full speed ({@code samplesPerSecond}, against a plain consumer of
 *       the same records, {@code rawConsumePerSecond}); then samples stream at the design rate (one per container
 *       a minute) while probe samples are timed to their recommendation ({@code p99LatencyMs}) and {@code /metrics}
 *       is scraped over HTTP every 15 s, then three times more ({@code metricsSeries}; {@code scrapeSeconds}: the
 *       slowest scrape after the JVM's first, see {@link Scraper}). The heap is sampled throughout restore
 *       and steady state ({@code heapPeakBytes}: this process, the embedded broker included unless it runs in a JVM
 *       of its own).</li>
 * </ol>
 */
public final class FleetBenchmark {

    /**
     * @param backlogSamples samples in the steady-state backlog (default, -1: two per container)
     * @param loadSamplesPerSecond the background load while latencies are measured (default, -1: the design rate)
     * @param cacheEntriesPerTask decoded states the rightsizing store keeps per task (default, -1: the product's)
     * @param settle how long the load runs at least before the probes start (then until the instance's lag is under
     *               a second of load, at most twice as long): the probes time the steady state, not the load's start
     * @param warmUpSamples samples processed before the timed backlog (default, -1: one per container), so the timed
     *                      backlog measures the sustained rate of a running instance rather than a JVM whose JIT
     *                      compilers are still compiling the processing path (0: time the first samples too)
     * @param rocksDbMemoryBytes the instance's bounded RocksDB pool ({@code analysis.rocksDbMemoryBytes}; 0: none)
     * @param stateStore where the rightsizing states live ({@code rightsizing.stateStore}; null: the product's)
     */
    public record Options(int clusters, int containersPerCluster, Duration history, long backlogSamples, int probes,
                          long probeIntervalMs, Duration commitInterval, int threads, int loadSamplesPerSecond,
                          int cacheEntriesPerTask, Duration settle, long warmUpSamples, long rocksDbMemoryBytes,
                          String stateStore) {

        public static final Options DEFAULTS = new Options(1_000, 1_000, Duration.ofDays(7), -1, 200, 100,
                Duration.ofMillis(200), 0, -1, -1, Duration.ofSeconds(30), -1, 0, null);

        public Options {
            if (clusters < 1 || containersPerCluster < 2 || containersPerCluster % 2 != 0 || history.toMinutes() < 60
                    || probes < 1) {
                throw new IllegalArgumentException("need clusters >= 1, an even number of containers per cluster >= 2, "
                        + "a history of at least an hour and probes >= 1");
            }
            backlogSamples = backlogSamples < 0 ? 2L * clusters * containersPerCluster : backlogSamples;
            warmUpSamples = warmUpSamples < 0 ? (long) clusters * containersPerCluster : warmUpSamples;
        }

        int containers() {
            return clusters * containersPerCluster;
        }

        /** The background load of the latency phase. */
        public int loadPerSecond() {
            return loadSamplesPerSecond < 0 ? designRatePerSecond() : loadSamplesPerSecond;
        }

        /** One sample per container a minute. */
        int designRatePerSecond() {
            return (int) Math.max(1, (long) containers() / 60);
        }
    }

    /** The figures; the JSON output has exactly these fields. */
    public record Result(long containers, double samplesPerSecond, double designRatePerSecond, double headroom,
                         double rawConsumePerSecond, double ratio, double restoreSeconds, double stateBytesPerContainer,
                         long heapPeakBytes, long metricsSeries, double scrapeSeconds, double p99LatencyMs) {
    }

    /** The run's context, for people: what each phase took, the load, and what the load producer achieved. */
    public record Details(Result result, double warmSeconds, long warmUpSamples, double warmUpSamplesPerSecond,
                          long backlogSamples, double processSeconds,
                          double p50LatencyMs, double maxLatencyMs, double loadAchievedPerSecond, long heapBeforeBytes,
                          long heapMaxBytes, long liveHeapPeakBytes, int probesUnanswered,
                          Map<String, String> loadAverages, boolean brokerInOwnJvm) {
    }

    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);

    private final BenchKafka kafka;
    private final Options options;
    private final Path stateDir;
    private final Consumer<String> progress;
    private final Map<String, String> loadAverages = new LinkedHashMap<>();
    private final Optional<ProcessHandle> broker;

    public FleetBenchmark(String bootstrapServers, Options options, Path stateDir, Consumer<String> progress) {
        this(KafkaClientSettings.of(bootstrapServers), options, stateDir, progress);
    }

    /** Against any cluster: every client (admin, producers, consumers, Streams) uses {@code kafka}'s properties. */
    public FleetBenchmark(KafkaClientSettings kafka, Options options, Path stateDir, Consumer<String> progress) {
        this(kafka, options, stateDir, progress, Optional.empty());
    }

    /**
     * With {@code broker}, the process of a broker in a JVM of its own on this machine: its CPU counts in the CPU per
     * sample, and its resident set is reported beside this process's.
     */
    public FleetBenchmark(KafkaClientSettings kafka, Options options, Path stateDir, Consumer<String> progress,
                          Optional<ProcessHandle> broker) {
        this.kafka = new BenchKafka(kafka, Topics.namespace("fleet-" + UUID.randomUUID().toString().substring(0, 8)));
        this.options = options;
        this.stateDir = stateDir;
        this.progress = progress;
        this.broker = broker;
    }

    public Details run() throws Exception {
        FleetShape shape = new FleetShape(options.clusters(), options.containersPerCluster());
        RightsizingConfig config = options.cacheEntriesPerTask() < 0 ? RightsizingConfig.DEFAULTS
                : RightsizingConfig.DEFAULTS.with("cacheEntriesPerTask", options.cacheEntriesPerTask());
        config = options.stateStore() == null ? config : config.with("stateStore", options.stateStore());
        Topics topics = kafka.topics();
        String applicationId = "bench-" + topics.namespace();
        kafka.createTopics();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));

        long warmBegin = System.nanoTime();
        note("warm");
        FleetWarmUp warm = new FleetWarmUp(shape, config, progress);
        warm.computePrototypes(end, options.history());
        warm.writeChangelogs(kafka, applicationId, end);
        double warmSeconds = (System.nanoTime() - warmBegin) / 1e9;
        progress.accept(String.format("warm: %,d containers in %.1f s", shape.containers(), warmSeconds));

        FleetLoad load = new FleetLoad(kafka, shape);
        long warmUp = options.warmUpSamples();
        long produce = warmUp + options.backlogSamples();
        progress.accept(String.format("steady: producing a backlog of %,d samples (%,d to warm the JIT up, then the "
                + "%,d timed)", produce, warmUp, options.backlogSamples()));
        CpuMeter produceCpu = CpuMeter.start(broker);
        load.produceBacklog(produce, warmUp, end.toEpochMilli() + 60_000L, progress);
        CpuMeter.Window produced = produceCpu.stop();
        // what the load costs this process (its producer and the broker's appends) before an instance shares it
        progress.accept(String.format("steady: backlog produced in %.1f s: %.1f µs of process CPU per sample (the "
                + "producer and the broker); %s", produced.wallSeconds(), produced.processMicrosPer(produce),
                produced.cores()));
        progress.accept("steady: reading the backlog with a plain consumer");
        double rawSeconds = kafka.rawConsume(options.backlogSamples());

        AnalysisConfig analysis = AnalysisConfig.DEFAULTS.withApplicationId(applicationId).withStateDir(stateDir);
        analysis = new AnalysisConfig(analysis.applicationId(), analysis.stateDir(), options.threads(), 0,
                options.commitInterval(), "", null, MetricsConfig.DEFAULTS, options.rocksDbMemoryBytes());
        List<AnalysisFeature> features = List.of(new RightsizingFeature(config), inputs -> inputs.recommendations());
        HeapSampler heap = new HeapSampler();
        PrometheusRegistry registry = new PrometheusRegistry();
        try (heap; AnalysisService service = new AnalysisService(AnalysisTopology.build(topics, features),
                AnalysisService.properties(kafka.settings(), topics, analysis, Map.of()));
             HTTPServer metrics = HTTPServer.builder().port(0).registry(registry).buildAndStart();
             Admin admin = kafka.admin()) {
            AnalysisMetrics.register(registry, service, analysis.metrics());
            note("restore");
            progress.accept("restore: starting an instance on an empty state directory");
            long restoreBegin = System.nanoTime();
            service.start();
            BenchKafka.awaitRunning(service, restoreBegin, Duration.ofMinutes(10), m -> progress.accept("restore: " + m));
            double restoreSeconds = (System.nanoTime() - restoreBegin) / 1e9;
            progress.accept(String.format("restore: RUNNING after %.1f s; processing the backlog", restoreSeconds));

            // the first samples a JVM processes run interpreted and then through the JIT compilers (in a 2026-12-07
            // profile they took 0.7 of a core for the first 30 s): a long-running instance has paid that once
            double warmUpPerSecond = 0;
            if (warmUp > 0) {
                long warmUpBegin = System.nanoTime();
                kafka.awaitCommitted(admin, applicationId, warmUp, Duration.ofMinutes(15),
                        m -> progress.accept("steady: warm-up: " + m));
                warmUpPerSecond = warmUp / ((System.nanoTime() - warmUpBegin) / 1e9);
                progress.accept(String.format("steady: warm-up: the first %,d samples at %,.0f samples/s (not timed); "
                        + "timing the next %,d", warmUp, warmUpPerSecond, options.backlogSamples()));
            }
            long processBegin = System.nanoTime();
            CpuMeter backlogCpu = CpuMeter.start(broker);
            StreamsMeter backlogThreads = new StreamsMeter(() -> service.kafkaStreams().metrics());
            long emittedBefore = BenchKafka.endOffsets(admin, topics.recommendations());
            String changelog = applicationId + "-" + RightsizingFeature.STORE + "-changelog";
            long changelogBytesBefore = BenchKafka.topicBytes(admin, changelog);
            long changelogRecordsBefore = BenchKafka.endOffsets(admin, changelog, Topics.CONTAINER_PARTITIONS);
            kafka.awaitCommitted(admin, applicationId, produce, Duration.ofMinutes(15),
                    m -> progress.accept("steady: " + m));
            double processSeconds = (System.nanoTime() - processBegin) / 1e9;
            CpuMeter.Window backlog = backlogCpu.stop();
            note("backlog processed");
            progress.accept(String.format("steady: %,d samples in %.1f s; streaming %,d samples/s (the design rate: "
                    + "%,d)", options.backlogSamples(), processSeconds, options.loadPerSecond(),
                    options.designRatePerSecond()));
            // CPU per sample depends less on what else the machine runs than the rate does
            progress.accept(String.format("steady: backlog CPU per sample: %.1f µs for the process (broker included, in "
                            + "this JVM or its own), "
                            + "%.1f µs on the stream threads; %s; %,d recommendation records written (transaction "
                            + "markers included)", backlog.processMicrosPer(options.backlogSamples()),
                    backlog.streamMicrosPer(options.backlogSamples()), backlog.cores(),
                    BenchKafka.endOffsets(admin, topics.recommendations()) - emittedBefore));
            progress.accept("steady: backlog: " + backlogThreads.summary());
            progress.accept("steady: backlog: " + backlog.split());
            long changelogRecords = BenchKafka.endOffsets(admin, changelog, Topics.CONTAINER_PARTITIONS) - changelogRecordsBefore;
            long changelogBytes = BenchKafka.topicBytes(admin, changelog) - changelogBytesBefore;
            progress.accept(String.format("steady: the state changelog grew by %,d records (transaction markers "
                    + "included), %,d bytes on the broker (%.1f bytes per record)", changelogRecords, changelogBytes,
                    changelogRecords == 0 ? 0.0 : (double) changelogBytes / changelogRecords));

            Probes.Latencies latencies;
            double achieved;
            long series;
            double scrapeSeconds;
            try (PacedLoad background = load.background(options.loadPerSecond(),
                    produce / shape.containers() + 1);
                 // as Prometheus would, every 15 s while the instance works, the first one before the JIT has compiled
                 // the exporter's code
                 Scraper scraper = new Scraper(metrics.getPort(), SCRAPE_INTERVAL)) {
                // the probes time the steady state under the load, or say that there is none
                try (LagSampler settling = new LagSampler(kafka, admin, applicationId)) {
                    progress.accept("latency: " + settling.awaitSettled(options.loadPerSecond(), options.settle(),
                            options.settle().multipliedBy(2)));
                }
                background.check();
                long before = background.acknowledged();
                long begin = System.nanoTime();
                CpuMeter probeCpu = CpuMeter.start(broker);
                StreamsMeter probeThreads = new StreamsMeter(() -> service.kafkaStreams().metrics());
                try (LagSampler lag = new LagSampler(kafka, admin, applicationId)) {
                    // an instance slower than the load: the probes still waiting after 3 minutes count with their
                    // wait so far, so the percentiles are lower bounds rather than no figure at all
                    latencies = Probes.run(kafka, options.probes(), options.probeIntervalMs(), Duration.ofMinutes(3));
                    long acknowledged = background.acknowledged() - before;
                    achieved = acknowledged / ((System.nanoTime() - begin) / 1e9);
                    CpuMeter.Window window = probeCpu.stop();
                    progress.accept(String.format("latency: while the probes ran: %.1f µs of process CPU per load "
                                    + "sample acknowledged, %.1f µs on the stream threads; %s; %s; %,d recommendations "
                                    + "of the load's containers read", window.processMicrosPer(acknowledged),
                            window.streamMicrosPer(acknowledged), window.cores(), lag.summary(achieved),
                            latencies.otherRecords()));
                    progress.accept(String.format("latency: %d probes %d ms apart: p50/max by quarter, in send "
                            + "order: %s", options.probes(), options.probeIntervalMs(), latencies.byQuarter()));
                    progress.accept("latency: " + probeThreads.summary());
                    progress.accept("latency: " + window.split());
                }
                for (int i = 0; i < 3; i++) {
                    scraper.scrape();
                }
                series = scraper.series();
                scrapeSeconds = scraper.slowestSeconds();
                progress.accept("metrics: " + scraper.summary());
                background.check();
                note("latency measured");
                progress.accept("memory: " + ResidentSet.summary(broker));
            }
            double samplesPerSecond = options.backlogSamples() / processSeconds;
            double rawPerSecond = options.backlogSamples() / rawSeconds;
            Result result = new Result(shape.containers(), round(samplesPerSecond), options.designRatePerSecond(),
                    round2(samplesPerSecond / options.designRatePerSecond()), round(rawPerSecond),
                    Math.round(samplesPerSecond / rawPerSecond * 10000) / 10000.0, round(restoreSeconds),
                    round(warm.stateBytesPerContainer()), heap.peak(), series, Math.round(scrapeSeconds * 1000) / 1000.0,
                    round(latencies.percentile(0.99)));
            return new Details(result, warmSeconds, warmUp, round(warmUpPerSecond), options.backlogSamples(),
                    processSeconds, latencies.percentile(0.5), latencies.max(), achieved, heap.first(),
                    Runtime.getRuntime().maxMemory(), heap.livePeak(), latencies.unanswered(), loadAverages,
                    broker.isPresent());
        }
    }

    private void note(String phase) {
        loadAverages.put(phase, String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * Samples the heap in use every 100 ms: the peak over restore and steady state; and the peak of what the last
     * collection of each heap pool left (the live heap, which the collector cannot give back).
     */
    private static final class HeapSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong livePeak = new AtomicLong();
        private final long first = used();
        private volatile boolean running = true;
        private final Thread thread = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(used(), Math::max);
                livePeak.accumulateAndGet(live(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");

        HeapSampler() {
            thread.setDaemon(true);
            thread.start();
        }

        private static long used() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        private static long live() {
            long live = 0;
            for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
                if (pool.getType() == java.lang.management.MemoryType.HEAP && afterGc != null) {
                    live += afterGc.getUsed();
                }
            }
            return live;
        }

        long livePeak() {
            return livePeak.get();
        }

        long peak() {
            return Math.max(peak.get(), used());
        }

        long first() {
            return first;
        }

        @Override
        public void close() {
            running = false;
        }
    }
}
