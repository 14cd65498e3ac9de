package io.reclaimer.app.rightsizing;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.reclaimer.collectors.simulator.FleetSimulator;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backtest corpus: usage traces of the fleet simulator's archetypes (steady, diurnal, spiky, batch, leaking)
 * written as the {@code rightsize} command's CSV. Deterministic: the simulator's seed and a fixed start make
 * every run write the same bytes, so the shipped traces can be checked against a fresh generation.
 */
public final class TraceCorpus {

    /** Trace name → the simulated workloads (namespace/name) it holds. */
    public static final Map<String, List<String>> TRACES = traces();
    public static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    public static final Duration HISTORY = Duration.ofDays(14);
    public static final long SEED = 42;
    public static final Duration SAMPLE_INTERVAL = Duration.ofMinutes(10);
    public static final List<String> COLUMNS = List.of("timestamp", "cluster", "namespace", "workload", "container", "pod",
            "cpu_cores", "memory_bytes", "cpu_request_cores", "memory_request_bytes", "oom_killed");

    private TraceCorpus() {
    }

    private static Map<String, List<String>> traces() {
        Map<String, List<String>> traces = new LinkedHashMap<>();
        traces.put("steady", List.of("shop/cart"));
        traces.put("diurnal", List.of("shop/frontend"));
        traces.put("spiky", List.of("shop/checkout"));
        traces.put("batch", List.of("data/etl"));
        traces.put("leaking", List.of("payments/fraud-scorer"));
        return traces;
    }

    /** Simulates 14 days of one cluster (a sample every 10 minutes) and writes {@code <trace>.csv} files into {@code dir}; returns the files. */
    public static List<Path> write(Path dir) throws IOException {
        return write(dir, SEED);
    }

    /** As {@link #write(Path)} with another seed: fresh draws of the same archetypes, e.g. to hold out from tuning. */
    public static List<Path> write(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<List<Object>>> rows = generate(seed);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        CsvMapper mapper = new CsvMapper();
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, List<List<Object>>> trace : rows.entrySet()) {
            Path file = dir.resolve(trace.getKey() + ".csv");
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                mapper.writer(schema.build()).writeValues(out).writeAll(trace.getValue()).close();
            }
            files.add(file);
        }
        return files;
    }

    /** The rows of every trace, in simulated time order. */
    public static Map<String, List<List<Object>>> generate() {
        return generate(SEED);
    }

    public static Map<String, List<List<Object>>> generate(long seed) {
        SimulatorConfig config = new SimulatorConfig(1, seed, HISTORY, SAMPLE_INTERVAL, null, null, END, null, false);
        FleetSimulator simulator = new FleetSimulator(config, Topics.defaults(), Clock.fixed(END, ZoneOffset.UTC));
        Map<String, String> traceOf = new HashMap<>();
        TRACES.forEach((trace, workloads) -> workloads.forEach(w -> traceOf.put(w, trace)));
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        TRACES.keySet().forEach(trace -> rows.put(trace, new ArrayList<>()));
        try (CsvSink sink = new CsvSink(traceOf, rows)) {
            simulator.emitHistory(sink);
        }
        return rows;
    }

    /** Collects the simulator's usage samples and OOM kills as CSV rows of the traces they belong to. */
    private static final class CsvSink implements EventSink {
        private final Map<String, String> traceOf;
        private final Map<String, List<List<Object>>> rows;
        private final Map<String, WorkloadContainerSpec> specs = new HashMap<>();
        private final Map<String, List<Object>> lastRowOfPod = new HashMap<>();

        CsvSink(Map<String, String> traceOf, Map<String, List<List<Object>>> rows) {
            this.traceOf = traceOf;
            this.rows = rows;
        }

        @Override
        public <V> void emit(TopicSpec<String, V> topic, String key, V value) {
            if (value instanceof WorkloadContainerSpec spec) {
                specs.put(key, spec);
            } else if (value instanceof UsageSample sample) {
                String trace = trace(sample.container());
                if (trace != null) {
                    WorkloadContainerSpec spec = specs.get(key);
                    List<Object> row = new ArrayList<>(List.of(sample.timestamp().toString(), sample.container().cluster(),
                            sample.container().namespace(), sample.container().workloadKind() + "/"
                                    + sample.container().workloadName(), sample.container().container(), sample.pod(),
                            sample.cpuCores(), sample.memoryWorkingSetBytes()));
                    row.add(spec == null || spec.requests().cpuCores() == null ? "" : spec.requests().cpuCores());
                    row.add(spec == null || spec.requests().memoryBytes() == null ? "" : spec.requests().memoryBytes());
                    row.add(false);
                    rows.get(trace).add(row);
                    lastRowOfPod.put(key + "/" + sample.pod(), row);
                }
            } else if (value instanceof ContainerEvent event && event.type() == ContainerEvent.Type.OOM_KILLED) {
                List<Object> row = lastRowOfPod.get(key + "/" + event.pod());
                if (row != null && row.get(0).equals(event.timestamp().toString())) {
                    row.set(COLUMNS.indexOf("oom_killed"), true);
                }
            }
        }

        private String trace(ContainerRef container) {
            return traceOf.get(container.namespace() + "/" + container.workloadName());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
