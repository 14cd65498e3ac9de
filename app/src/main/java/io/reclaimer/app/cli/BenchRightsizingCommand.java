package io.reclaimer.app.cli;

import io.reclaimer.benchmarks.RightsizingBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reclaimer bench rightsizing}: the rightsizing topology's throughput, state size and latency through a
 * real embedded broker, next to the raw consume rate of the same records (see docs/rightsizing.md).
 */
@Command(name = "rightsizing", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the rightsizing topology on an embedded broker.",
            "JSON fields: samplesPerSecond, rawConsumePerSecond, ratio,",
            "stateBytesPerContainer, p99LatencyMs (measured while --load-rate background",
            "samples/s stream in) and latencyLoadSamplesPerSecond (the background rate",
            "the broker acknowledged meanwhile)."})
final class BenchRightsizingCommand implements Callable<Integer> {

    @Option(names = "--containers", paramLabel = "N", description = "Workload containers (default: 10000).")
    Integer containers;

    @Option(names = "--samples", paramLabel = "M", description = "Usage samples in the backlog (default: 2000000).")
    Long samples;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "default",
            description = "vpa, percentile or default (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--load-rate", paramLabel = "N",
            description = "Background samples/s of the backlog's containers while latency is measured "
                    + "(default: " + RightsizingBenchmark.Options.FLEET_SAMPLES_PER_SECOND + ", 1,000 clusters x "
                    + "1,000 containers at one sample a minute); 0 measures an idle pipeline.")
    Integer loadRate;

    @Mixin
    BenchOptions bench;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = bench.out();
        PrintWriter err = bench.err();
        RightsizingBenchmark.Options defaults = RightsizingBenchmark.Options.DEFAULTS;
        RightsizingBenchmark.Options options = new RightsizingBenchmark.Options(
                containers == null ? defaults.containers() : containers, samples == null ? defaults.samples() : samples,
                defaults.podsPerContainer(), defaults.historyDays(), defaults.probes(), defaults.probeIntervalMs(),
                bench.commitInterval, strategy, bench.threads,
                loadRate == null ? defaults.loadSamplesPerSecond() : loadRate);
        RightsizingBenchmark.Details details = bench.run("reclaimer-bench-", (kafka, stateDir, broker) ->
                new RightsizingBenchmark(kafka, options, stateDir, message -> {
                    err.println("bench: " + message);
                    err.flush();
                }).run());
        RightsizingBenchmark.Result r = details.result();
        RightsizingBenchmark.LatencyLoad load = details.latencyLoad();
        if (bench.json()) {
            out.println(BenchOptions.json(r));
            // the run's context goes to stderr so that stdout stays one JSON document
            err.printf(Locale.ROOT, "bench: latency p50 %.1f ms, max %.1f ms under %,.0f background samples/s (target %,d; "
                    + "%,d not yet committed after the last probe); %s%n", details.p50LatencyMs(), details.maxLatencyMs(),
                    r.latencyLoadSamplesPerSecond(), load.targetPerSecond(), load.lagAfterProbes(), bench.machine());
            err.flush();
        } else {
            out.printf(Locale.ROOT, "samples/s (one instance, exactly-once): %,.0f%n", r.samplesPerSecond());
            out.printf(Locale.ROOT, "raw consume/s (plain consumer):        %,.0f%n", r.rawConsumePerSecond());
            out.printf(Locale.ROOT, "ratio:                                 %.3f%n", r.ratio());
            out.printf(Locale.ROOT, "state bytes per container:             %.1f (max %.0f, %d containers)%n",
                    r.stateBytesPerContainer(), details.maxStateBytes(), details.statesMeasured());
            out.printf(Locale.ROOT, "latency sample -> recommendation:      p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    details.p50LatencyMs(), r.p99LatencyMs(), details.maxLatencyMs());
            out.printf(Locale.ROOT, "  under background load:              %,.0f samples/s achieved (target %,d; %,d samples "
                    + "in %.1f s; %,d not yet committed after the last probe)%n", r.latencyLoadSamplesPerSecond(),
                    load.targetPerSecond(), load.samplesDuringProbes(), load.probeSeconds(), load.lagAfterProbes());
            out.printf(Locale.ROOT, "CPU per sample: %.1f us for the process (broker included), %.1f us on the stream thread%n",
                    details.processCpuMicrosPerSample(), details.streamThreadCpuMicrosPerSample());
            out.printf(Locale.ROOT, "backlog: %,d samples of %,d containers processed in %.1f s (raw read %.1f s); "
                    + "%,d recommendation records; %s%n", details.samples(), details.containers(),
                    details.processSeconds(), details.rawSeconds(), details.recommendationsEmitted(), bench.machine());
        }
        out.flush();
        return 0;
    }
}
