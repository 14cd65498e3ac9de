package io.reclaimer.app.cli;

import io.reclaimer.benchmarks.FleetBenchmark;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reclaimer bench fleet}: the design fleet through a real embedded broker: warm states written as changelogs,
 * a restore on an empty state directory, then steady state (see docs/rightsizing.md, "The fleet benchmark").
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark one analysis instance against the design fleet on an embedded broker.",
            "JSON fields: containers, samplesPerSecond, designRatePerSecond, headroom, rawConsumePerSecond,",
            "ratio, restoreSeconds, stateBytesPerContainer, heapPeakBytes, metricsSeries, scrapeSeconds,",
            "p99LatencyMs. Progress goes to stderr."})
final class BenchFleetCommand implements Callable<Integer> {

    @Option(names = "--clusters", paramLabel = "N", defaultValue = "1000", description = "Clusters (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--containers-per-cluster", paramLabel = "N", defaultValue = "1000",
            description = "Containers per cluster, even (default: ${DEFAULT-VALUE}).")
    int containersPerCluster;

    @Option(names = "--history", paramLabel = "DURATION", defaultValue = "7d", converter = DurationConverter.class,
            description = "History in every container's warm state, one sample a minute (default: ${DEFAULT-VALUE}).")
    Duration history;

    @Option(names = "--backlog", paramLabel = "M",
            description = "Samples in the steady-state backlog (default: two per container).")
    Long backlog;

    @Option(names = "--load-rate", paramLabel = "N",
            description = "Background samples per second while the latency is measured (default: the design rate, "
                    + "one sample per container a minute).")
    Integer loadRate;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "200",
            description = "Latency probes: samples of new containers timed to their recommendation (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--probe-interval", paramLabel = "DURATION", defaultValue = "100ms",
            converter = DurationConverter.class,
            description = "Time between two probes; probes x interval is the latency window (default: ${DEFAULT-VALUE}).")
    Duration probeInterval;

    @Option(names = "--cache-entries-per-task", paramLabel = "N",
            description = "Decoded rightsizing states kept in memory per task (default: rightsizing.cacheEntriesPerTask's).")
    Integer cacheEntriesPerTask;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the load runs before the probes start, at least; then until the instance's lag is "
                    + "under a second of load, at most twice as long (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--warm-up", paramLabel = "M",
            description = "Samples processed before the timed backlog, so the JIT compilers have compiled the processing "
                    + "path as in a long-running instance (default: one per container; 0 times the first samples too).")
    Long warmUp;

    @Option(names = "--rocksdb-memory-bytes", paramLabel = "BYTES", defaultValue = "0",
            description = "One bounded pool of native memory for the instance's RocksDB stores, as "
                    + "analysis.rocksDbMemoryBytes (default: ${DEFAULT-VALUE}, Kafka Streams' settings per store).")
    long rocksDbMemoryBytes;

    @Option(names = "--state-store", paramLabel = "memory|rocksdb",
            description = "Where the rightsizing states live, as rightsizing.stateStore (default: the product's, memory).")
    String stateStore;

    @Mixin
    BenchOptions bench;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = bench.out();
        PrintWriter err = bench.err();
        FleetBenchmark.Options options = new FleetBenchmark.Options(clusters, containersPerCluster, history,
                backlog == null ? -1 : backlog, probes, probeInterval.toMillis(), bench.commitInterval,
                bench.threads, loadRate == null ? -1 : loadRate,
                cacheEntriesPerTask == null ? -1 : cacheEntriesPerTask, settle, warmUp == null ? -1 : warmUp,
                rocksDbMemoryBytes, stateStore);
        long begin = System.nanoTime();
        FleetBenchmark.Details details = bench.run("reclaimer-bench-fleet-", (kafka, stateDir, broker) ->
                new FleetBenchmark(kafka, options, stateDir, message -> {
                    err.printf(Locale.ROOT, "bench [%4.0f s]: %s%n", (System.nanoTime() - begin) / 1e9, message);
                    err.flush();
                }, broker).run());
        FleetBenchmark.Result r = details.result();
        String unanswered = details.probesUnanswered() == 0 ? "" : String.format(Locale.ROOT,
                "%d of the probes had no recommendation after 3 minutes: the latencies are lower bounds; ",
                details.probesUnanswered());
        String context = unanswered + String.format(Locale.ROOT, "warm %.0f s; JIT warm-up %,d samples at %,.0f/s; "
                + "backlog %,d samples processed in %.1f s; latency p50 %.0f ms, max %.0f ms under %,.0f samples/s "
                + "acknowledged (target %,.0f); heap %,d bytes before the instance started, peak left by collections "
                + "%,d, -Xmx %,d; load average by phase %s; %s; %.0f s in all",
                details.warmSeconds(), details.warmUpSamples(), details.warmUpSamplesPerSecond(),
                details.backlogSamples(), details.processSeconds(), details.p50LatencyMs(), details.maxLatencyMs(),
                details.loadAchievedPerSecond(), (double) options.loadPerSecond(), details.heapBeforeBytes(),
                details.liveHeapPeakBytes(), details.heapMaxBytes(), details.loadAverages(), bench.machine(),
                (System.nanoTime() - begin) / 1e9);
        if (bench.json()) {
            out.println(BenchOptions.json(r));
            err.println("bench: " + context);
            err.flush();
        } else {
            out.printf(Locale.ROOT, "containers:                        %,d%n", r.containers());
            out.printf(Locale.ROOT, "samples/s (backlog, one instance): %,.0f (design rate %,.0f: headroom %.2f)%n",
                    r.samplesPerSecond(), r.designRatePerSecond(), r.headroom());
            out.printf(Locale.ROOT, "raw consume/s (plain consumer):    %,.0f (ratio %.4f)%n", r.rawConsumePerSecond(), r.ratio());
            out.printf(Locale.ROOT, "restore on an empty state dir:     %.1f s%n", r.restoreSeconds());
            out.printf(Locale.ROOT, "state bytes per container:         %.1f%n", r.stateBytesPerContainer());
            out.printf(Locale.ROOT, "heap peak (%s): %,d bytes%n",
                    details.brokerInOwnJvm() ? "broker in its own JVM" : "broker included    ", r.heapPeakBytes());
            out.printf(Locale.ROOT, "/metrics:                          %,d series, scraped in %.3f s%n", r.metricsSeries(),
                    r.scrapeSeconds());
            out.printf(Locale.ROOT, "p99 sample -> recommendation:      %.1f ms under the design load%n", r.p99LatencyMs());
            out.println(context);
        }
        out.flush();
        return 0;
    }
}
