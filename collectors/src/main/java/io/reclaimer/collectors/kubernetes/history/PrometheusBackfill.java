package io.reclaimer.collectors.kubernetes.history;

import io.reclaimer.collectors.kubernetes.history.PrometheusClient.PrometheusException;
import io.reclaimer.collectors.kubernetes.history.PrometheusClient.Series;
import io.reclaimer.collectors.kubernetes.owners.PodOwners;
import io.reclaimer.collectors.kubernetes.owners.Workload;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the usage topic with the past {@code window} from Prometheus so recommendations exist on day one:
 * container CPU rate and working-set memory (cAdvisor's series, as the kubelet exposes them) joined into
 * one usage sample per container and step, and — where kube-state-metrics is scraped — OOM kills and
 * restarts as container events. The window is cut into chunks of at most {@code chunk} and at most
 * {@value #MAX_POINTS_PER_SERIES} points per series (Prometheus refuses more than 11,000), oldest first,
 * and progress is logged after every chunk.
 */
public final class PrometheusBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusBackfill.class);

    static final int MAX_POINTS_PER_SERIES = 10_000;
    static final String CPU = "sum by (namespace, pod, container) "
            + "(rate(container_cpu_usage_seconds_total{container!=\"\",container!=\"POD\"}[5m]))";
    static final String MEMORY = "max by (namespace, pod, container) "
            + "(container_memory_working_set_bytes{container!=\"\",container!=\"POD\"})";
    static final String RESTARTS = "max by (namespace, pod, container) (kube_pod_container_status_restarts_total)";
    static final String OOM = "max by (namespace, pod, container) "
            + "(kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"})";

    public record Settings(Duration window, Duration step, Duration chunk) {
    }

    /** {@code failedChunks}: chunks skipped because Prometheus failed them even after retries. */
    public record Result(int chunks, long samples, long events, int unattributedPods, int failedChunks) {
    }

    private final String cluster;
    private final PrometheusClient prometheus;
    private final PodOwners live;
    private final Topics topics;
    private final Settings settings;
    private final Clock clock;
    private final DoubleConsumer progress;

    public PrometheusBackfill(String cluster, PrometheusClient prometheus, PodOwners live, Topics topics,
                              Settings settings, Clock clock, DoubleConsumer progress) {
        this.cluster = cluster;
        this.prometheus = prometheus;
        this.live = live;
        this.topics = topics;
        this.settings = settings;
        this.clock = clock;
        this.progress = progress;
    }

    public Result run(EventSink sink) {
        long step = settings.step().toSeconds();
        long end = clock.instant().getEpochSecond() / step * step;
        long start = end - settings.window().toSeconds();
        long chunk = Math.max(step, Math.min(settings.chunk().toSeconds(), step * MAX_POINTS_PER_SERIES) / step * step);
        int chunks = (int) ((end - start + chunk - 1) / chunk);
        HistoricalOwners owners = owners(Instant.ofEpochSecond(end));
        Set<String> unattributed = new HashSet<>();
        Map<String, double[]> restartState = new HashMap<>();
        long samples = 0;
        long events = 0;
        int failed = 0;
        PrometheusException lastFailure = null;
        LOG.info("cluster {}: Prometheus backfill of {} at {}s resolution in {} chunks", cluster, settings.window(),
                step, chunks);
        for (int i = 0; i < chunks; i++) {
            long from = start + i * chunk;
            long to = Math.min(from + chunk, end) - step; // [start, end): chunks neither overlap nor leave gaps
            Chunk c = new Chunk(from, to, step);
            long[] emitted = {0};
            try {
                prometheus.queryRange(CPU, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), settings.step(),
                        s -> c.cpu.put(key(s), c.align(s)));
                prometheus.queryRange(MEMORY, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), settings.step(), s -> {
                    double[] memory = c.align(s);
                    c.memory.put(key(s), memory);
                    double[] cpu = c.cpu.get(key(s));
                    if (cpu == null) {
                        return;
                    }
                    Optional<WorkloadRef> owner = owner(owners, s, unattributed);
                    if (owner.isEmpty()) {
                        return;
                    }
                    for (int p = 0; p < memory.length; p++) {
                        if (!Double.isNaN(memory[p]) && !Double.isNaN(cpu[p])) {
                            UsageSample sample = new UsageSample(owner.get().container(s.label("container")), s.label("pod"),
                                    Instant.ofEpochSecond(from + p * step), Math.max(0, cpu[p]), (long) memory[p]);
                            sink.emit(topics.usageSamples(), sample.container().key(), sample);
                            emitted[0]++;
                        }
                    }
                });
                events += containerEvents(c, owners, unattributed, restartState, sink);
            } catch (PrometheusException e) {
                // the client already retried; one lost chunk must not cost the rest of the history
                failed++;
                lastFailure = e;
                LOG.warn("cluster {}: Prometheus backfill chunk {}/{} ({} to {}) failed after retries, skipped: {}",
                        cluster, i + 1, chunks, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), e.getMessage());
            }
            samples += emitted[0];
            double done = (i + 1) / (double) chunks;
            progress.accept(done);
            LOG.info("cluster {}: Prometheus backfill {}% ({}/{} chunks, up to {}; {} samples, {} container events,"
                    + " {} pods without a known owner)", cluster, Math.round(done * 100), i + 1, chunks,
                    Instant.ofEpochSecond(to), samples, events, unattributed.size());
        }
        if (lastFailure != null && failed == chunks) {
            // not one chunk: the query, the URL or the credentials are wrong, not the moment
            throw lastFailure;
        }
        return new Result(chunks, samples, events, unattributed.size(), failed);
    }

    /**
     * Restart-count increases become events, typed OOM_KILLED when kube-state-metrics says the last
     * termination was an OOM kill at that step; OOM rising edges of containers without a restart series
     * become OOM_KILLED events too. Missing kube-state-metrics is not an error: there is nothing to report.
     */
    private long containerEvents(Chunk c, HistoricalOwners owners, Set<String> unattributed,
                                 Map<String, double[]> restartState, EventSink sink) {
        Map<String, double[]> oom = new HashMap<>();
        Set<String> withRestarts = new HashSet<>();
        long[] events = {0};
        try {
            prometheus.queryRange(OOM, Instant.ofEpochSecond(c.from), Instant.ofEpochSecond(c.to), settings.step(),
                    s -> oom.put(key(s), c.align(s)));
            prometheus.queryRange(RESTARTS, Instant.ofEpochSecond(c.from), Instant.ofEpochSecond(c.to), settings.step(), s -> {
                String key = key(s);
                withRestarts.add(key);
                double[] restarts = c.align(s);
                double[] oomKilled = oom.get(key);
                double[] state = restartState.computeIfAbsent(key, k -> new double[] {Double.NaN, 0});
                for (int p = 0; p < restarts.length; p++) {
                    if (Double.isNaN(restarts[p])) {
                        continue;
                    }
                    if (!Double.isNaN(state[0]) && restarts[p] > state[0]) {
                        boolean isOom = oomKilled != null && oomKilled[p] == 1;
                        events[0] += emit(c, owners, unattributed, s, p, isOom, (int) restarts[p], sink);
                    }
                    state[0] = restarts[p];
                }
            });
            oom.forEach((key, values) -> {
                double[] state = restartState.computeIfAbsent(key, k -> new double[] {Double.NaN, 0});
                if (withRestarts.contains(key)) {
                    state[1] = last(values, state[1]);
                    return;
                }
                String[] parts = key.split("/", 3);
                Series s = new Series(Map.of("namespace", parts[0], "pod", parts[1], "container", parts[2]),
                        new double[0], new double[0]);
                for (int p = 0; p < values.length; p++) {
                    if (Double.isNaN(values[p])) {
                        continue;
                    }
                    if (values[p] == 1 && state[1] != 1) {
                        events[0] += emit(c, owners, unattributed, s, p, true, 0, sink);
                    }
                    state[1] = values[p];
                }
            });
        } catch (PrometheusException e) {
            LOG.warn("cluster {}: no OOM/restart history from kube-state-metrics: {}", cluster, e.getMessage());
        }
        return events[0];
    }

    private int emit(Chunk c, HistoricalOwners owners, Set<String> unattributed, Series s, int point, boolean oom,
                     int restarts, EventSink sink) {
        Optional<WorkloadRef> owner = owner(owners, s, unattributed);
        if (owner.isEmpty()) {
            return 0;
        }
        double[] memory = c.memory.get(key(s));
        Long before = null;
        for (int p = point; memory != null && p >= 0 && before == null; p--) {
            before = Double.isNaN(memory[p]) ? null : (long) memory[p];
        }
        ContainerEvent event = new ContainerEvent(owner.get().container(s.label("container")), s.label("pod"),
                Instant.ofEpochSecond(c.from + point * c.step),
                oom ? ContainerEvent.Type.OOM_KILLED : ContainerEvent.Type.RESTARTED, restarts, before, null,
                oom ? "OOMKilled (kube-state-metrics)" : "restart (kube-state-metrics)");
        sink.emit(topics.containerEvents(), event.container().key(), event);
        return 1;
    }

    private HistoricalOwners owners(Instant at) {
        long window = settings.window().toSeconds();
        Map<String, Workload> pods = new HashMap<>();
        Map<String, Workload> controllers = new HashMap<>();
        try {
            for (Series s : prometheus.query("max by (namespace, pod, owner_kind, owner_name) (max_over_time("
                    + "kube_pod_owner{owner_is_controller=\"true\"}[" + window + "s]))", at)) {
                pods.put(s.label("namespace") + "/" + s.label("pod"), new Workload(s.label("owner_kind"), s.label("owner_name")));
            }
            for (Series s : prometheus.query("max by (namespace, replicaset, owner_kind, owner_name) (max_over_time("
                    + "kube_replicaset_owner{owner_is_controller=\"true\"}[" + window + "s]))", at)) {
                controllers.put(s.label("namespace") + "/ReplicaSet/" + s.label("replicaset"),
                        new Workload(s.label("owner_kind"), s.label("owner_name")));
            }
            for (Series s : prometheus.query("max by (namespace, job_name, owner_kind, owner_name) (max_over_time("
                    + "kube_job_owner{owner_is_controller=\"true\"}[" + window + "s]))", at)) {
                controllers.put(s.label("namespace") + "/Job/" + s.label("job_name"),
                        new Workload(s.label("owner_kind"), s.label("owner_name")));
            }
        } catch (PrometheusException e) {
            LOG.warn("cluster {}: no owner history from kube-state-metrics, owners come from the cluster and pod names: {}",
                    cluster, e.getMessage());
        }
        return new HistoricalOwners(cluster, live, pods, controllers);
    }

    private static Optional<WorkloadRef> owner(HistoricalOwners owners, Series s, Set<String> unattributed) {
        String namespace = s.label("namespace");
        String pod = s.label("pod");
        if (namespace.isEmpty() || pod.isEmpty() || s.label("container").isEmpty()) {
            return Optional.empty();
        }
        Optional<WorkloadRef> owner = owners.ownerOf(namespace, pod);
        if (owner.isEmpty()) {
            unattributed.add(namespace + "/" + pod);
        }
        return owner;
    }

    private static String key(Series s) {
        return s.label("namespace") + "/" + s.label("pod") + "/" + s.label("container");
    }

    private static double last(double[] values, double fallback) {
        for (int p = values.length - 1; p >= 0; p--) {
            if (!Double.isNaN(values[p])) {
                return values[p];
            }
        }
        return fallback;
    }

    /** One time range; series values laid out on its step grid (NaN where Prometheus has no point). */
    private static final class Chunk {
        final long from;
        final long to;
        final long step;
        final Map<String, double[]> cpu = new HashMap<>();
        final Map<String, double[]> memory = new HashMap<>();

        Chunk(long from, long to, long step) {
            this.from = from;
            this.to = to;
            this.step = step;
        }

        double[] align(Series s) {
            double[] grid = new double[(int) ((to - from) / step) + 1];
            Arrays.fill(grid, Double.NaN);
            for (int i = 0; i < s.timestamps().length; i++) {
                long offset = Math.round(s.timestamps()[i]) - from;
                if (offset >= 0 && offset % step == 0 && offset / step < grid.length) {
                    grid[(int) (offset / step)] = s.values()[i];
                }
            }
            return grid;
        }
    }
}
