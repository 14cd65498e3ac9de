package io.reclaimer.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reclaimer.model.kafka.KafkaClientSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code reclaimer bench} command shares: the measured instance's commit interval and stream threads, the
 * output format, where it runs ({@link BenchKafkaOptions}, {@code --config}), and the run itself: a temporary state
 * directory, removed afterwards, and the machine's load around the measurement.
 */
final class BenchOptions {

    enum Format { TABLE, JSON }

    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "Exactly-once commit interval of the analysis instance (default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Stream threads of the one analysis instance (default: one per core, as analysis.threads).")
    int threads;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    BenchKafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private double loadBefore;

    /**
     * A benchmark, given the cluster it measures against, a state directory of its own, and the broker's process when
     * the broker runs in a JVM of its own on this machine ({@code --broker-jvm}).
     */
    interface Benchmark<T> {
        T run(KafkaClientSettings kafka, Path stateDir, Optional<ProcessHandle> brokerProcess) throws Exception;
    }

    /** Runs {@code benchmark} on a temporary state directory named {@code prefix...}, deleted afterwards. */
    <T> T run(String prefix, Benchmark<T> benchmark) throws Exception {
        loadBefore = os.getSystemLoadAverage();
        Path stateDir = Files.createTempDirectory(prefix);
        try {
            return kafka.run(config.load().kafka(), (client, broker) -> benchmark.run(client, stateDir, broker));
        } finally {
            delete(stateDir);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return format == Format.JSON;
    }

    /** The result as one pretty-printed JSON document (its record components are the fields). */
    static String json(Object result) throws JsonProcessingException {
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
    }

    /** The machine's load average when the run began. */
    double loadBefore() {
        return loadBefore;
    }

    /** "load average B before, A after, N cores": what the machine's other work took from the figures. */
    String machine() {
        return String.format(Locale.ROOT, "load average %.2f before, %.2f after, %d cores", loadBefore,
                os.getSystemLoadAverage(), os.getAvailableProcessors());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
