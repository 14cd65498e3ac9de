package io.reclaimer.app.cli;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.app.rightsizing.ProposedQuantities;
import io.reclaimer.streams.rightsizing.offline.Backtest;
import io.reclaimer.app.rightsizing.TradeOffChart;
import io.reclaimer.streams.rightsizing.offline.BacktestOutput;
import io.reclaimer.streams.rightsizing.offline.BacktestSweep;
import io.reclaimer.streams.rightsizing.offline.ContainerSplit;
import io.reclaimer.streams.rightsizing.offline.OfflineRightsizer;
import io.reclaimer.streams.rightsizing.offline.RecommendationOutput;
import io.reclaimer.streams.rightsizing.offline.UsageCsv;
import io.reclaimer.streams.rightsizing.offline.WhatIf;
import io.reclaimer.streams.rightsizing.offline.WhatIfOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reclaimer rightsize --input usage.csv}: recommendations from exported usage, through the same state,
 * strategies and pricing as the streaming topology; with {@code --backtest}, how each strategy would have done.
 */
@Command(name = "rightsize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rightsizing recommendations from a usage CSV, without Kafka (see docs/rightsizing.md).",
            "CSV header: timestamp,cluster,namespace,workload,container,cpu_cores,memory_bytes and optionally",
            "pod,cpu_request_cores,memory_request_bytes,oom_killed; timestamps ISO-8601 or epoch seconds.",
            "Bad rows are reported on stderr with their line number; the good rows still count."})
final class RightsizeCommand implements Callable<Integer> {

    public enum Format { TABLE, JSON, CSV }

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Usage CSV, or CSV.gz; repeat for several (each is one trace of the backtest).")
    List<Path> inputs;

    @Option(names = "--strategy", paramLabel = "NAME",
            description = "vpa, percentile or default (default: rightsizing.strategy of the config, itself 'default').")
    String strategy;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv (default: ${DEFAULT-VALUE}); the backtest prints table or json.")
    Format format;

    @Option(names = "--backtest", description = "Learn on the first days, replay the rest, and score every strategy.")
    boolean backtest;

    @Option(names = "--train-days", paramLabel = "N", defaultValue = "7",
            description = "Days of each container's history that only teach the backtest (default: ${DEFAULT-VALUE}).")
    int trainDays;

    @Option(names = "--what-if", description = "Replay one container's history against a proposed request "
            + "(--container, --cpu, --memory): samples above it, worst day, CPU throttling, OOM risk, monthly savings.")
    boolean whatIf;

    @Option(names = "--container", paramLabel = "KEY", description = "With --what-if: CLUSTER/NAMESPACE/KIND/NAME/CONTAINER.")
    String container;

    @Option(names = "--cpu", paramLabel = "QUANTITY", description = "With --what-if: proposed CPU request, e.g. 200m or 1.5.")
    String cpu;

    @Option(names = "--memory", paramLabel = "QUANTITY", description = "With --what-if: proposed memory request, e.g. 512Mi.")
    String memory;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "With --backtest: also sweep each strategy's knob and draw slack against under-provisioning.")
    Path plot;

    @Option(names = "--split", paramLabel = "HALF", defaultValue = "all",
            description = {"Backtest only one fixed half of the containers: tune (CRC-32 of the container key even) or "
                + "holdout (odd); default: ${DEFAULT-VALUE}.", "Tune a strategy on one half, report on the other."})
    String split;

    @Option(names = "--cpu-usd-per-core-hour", paramLabel = "USD",
            description = "Price of a core-hour, to price savings (needs --memory-usd-per-gib-hour and request columns).")
    Double cpuPrice;

    @Option(names = "--memory-usd-per-gib-hour", paramLabel = "USD", description = "Price of a GiB-hour of memory.")
    Double memoryPrice;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RightsizingConfig settings = config.load().rightsizing();
        if (strategy != null) {
            settings = settings.withStrategy(strategy);
        }
        if ((cpuPrice == null) != (memoryPrice == null)) {
            throw new IllegalArgumentException("give both --cpu-usd-per-core-hour and --memory-usd-per-gib-hour, or neither");
        }
        if (trainDays < 0) {
            throw new IllegalArgumentException("--train-days must be >= 0, was " + trainDays);
        }
        ContainerSplit half = ContainerSplit.parse(split);
        if (half != ContainerSplit.ALL && !backtest) {
            throw new IllegalArgumentException("--split applies to --backtest only");
        }
        List<Trace> traces = new ArrayList<>();
        for (Path input : inputs) {
            Trace trace = read(input, err);
            traces.add(new Trace(trace.name, half.filter(trace.rows)));
        }
        if (traces.stream().allMatch(t -> t.rows.isEmpty())) {
            throw new IllegalArgumentException("no usable rows in " + inputs);
        }
        if (plot != null && !backtest) {
            throw new IllegalArgumentException("--plot applies to --backtest only");
        }
        if (backtest && whatIf) {
            throw new IllegalArgumentException("give --backtest or --what-if, not both");
        }
        if (backtest) {
            backtest(settings, traces, out, err);
            return 0;
        }
        if (whatIf) {
            whatIf(traces, prices(), out);
            return 0;
        }
        if (container != null || cpu != null || memory != null) {
            throw new IllegalArgumentException("--container, --cpu and --memory apply to --what-if only");
        }
        List<UsageCsv.Row> rows = new ArrayList<>();
        traces.forEach(t -> rows.addAll(t.rows));
        List<OfflineRightsizer.Result> results = new OfflineRightsizer(settings).recommend(rows, settings.strategy(), prices());
        RecommendationOutput.write(results, RecommendationOutput.Format.valueOf(format.name()), out);
        return 0;
    }

    private void backtest(RightsizingConfig settings, List<Trace> traces, PrintWriter out, PrintWriter err) throws IOException {
        List<Backtest.Score> scores = new ArrayList<>();
        Backtest runner = new Backtest(settings);
        for (Trace trace : traces) {
            scores.addAll(runner.run(trace.name, trace.rows, trainDays, List.of("vpa", "percentile", "default")));
        }
        if (format == Format.JSON) {
            BacktestOutput.json(scores, out);
        } else {
            BacktestOutput.markdown(scores, out);
        }
        if (plot != null) {
            Map<String, List<UsageCsv.Row>> byTrace = new LinkedHashMap<>();
            traces.forEach(t -> byTrace.put(t.name, t.rows));
            List<BacktestSweep.Point> points = BacktestSweep.run(settings, byTrace, trainDays, BacktestSweep.settings(settings));
            String title = "Rightsizing trade-off, " + String.join(" + ", byTrace.keySet())
                    + (split.equals("all") ? "" : " (" + split + " half)") + ", after " + trainDays + " days of training";
            TradeOffChart.write(points, title, plot);
            if (format != Format.JSON) {
                out.println();
                BacktestOutput.sweepMarkdown(points, out);
            }
            err.println("wrote " + plot);
            err.flush();
        }
    }

    private UnitPrices prices() {
        return cpuPrice == null ? null : new UnitPrices(cpuPrice, memoryPrice);
    }

    private void whatIf(List<Trace> traces, UnitPrices prices, PrintWriter out) throws IOException {
        if (container == null || cpu == null || memory == null) {
            throw new IllegalArgumentException("--what-if needs --container, --cpu and --memory");
        }
        ContainerRef ref;
        try {
            ref = ContainerRef.parse(container);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--container: " + e.getMessage());
        }
        List<UsageCsv.Row> rows = new ArrayList<>();
        traces.forEach(t -> rows.addAll(t.rows));
        WhatIf.Report report = WhatIf.replay(ref, rows, ProposedQuantities.cores("--cpu", cpu), ProposedQuantities.bytes("--memory", memory), prices);
        if (format == Format.JSON) {
            WhatIfOutput.json(report, out);
        } else {
            WhatIfOutput.text(report, out);
        }
    }

    private record Trace(String name, List<UsageCsv.Row> rows) {
    }

    private static Trace read(Path input, PrintWriter err) throws IOException {
        UsageCsv.Parsed parsed;
        try (BufferedReader reader = open(input)) {
            parsed = UsageCsv.read(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(input + ": no such file");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(input + ": " + e.getMessage());
        }
        for (UsageCsv.BadRow bad : parsed.badRows()) {
            err.println(input + ": " + bad);
        }
        if (!parsed.badRows().isEmpty()) {
            err.println(input + ": skipped " + parsed.badRows().size() + " bad row(s), used " + parsed.rows().size());
        }
        err.flush();
        String name = input.getFileName().toString().replaceFirst("(\\.csv)?(\\.gz)?$", "");
        return new Trace(name, parsed.rows());
    }

    /** A CSV file, gzip-compressed when its name ends in .gz (as the public traces are shipped). */
    private static BufferedReader open(Path input) throws IOException {
        if (!input.getFileName().toString().endsWith(".gz")) {
            return Files.newBufferedReader(input, StandardCharsets.UTF_8);
        }
        InputStream in = Files.newInputStream(input);
        try {
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
        } catch (IOException e) {
            in.close();
            throw new IllegalArgumentException(input + ": not a gzip file (" + e.getMessage() + ")");
        }
    }
}
