package io.reclaimer.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where the stream threads' wall-clock time went over a window, from Kafka Streams' and its producers' own metrics:
 * commits (and of them, the producer's flush and transaction commit), the time blocked on Kafka, and the ratios of
 * polling, processing and committing over Kafka Streams' last sampling window. Summed over the stream threads.
 */
final class StreamsMeter {

    private static final String THREAD = "stream-thread-metrics";
    private static final String PRODUCER = "producer-metrics";
    private static final String[] TOTALS = {"commit-total", "process-total", "poll-total", "punctuate-total",
        "blocked-time-ns-total", "flush-time-ns-total", "txn-commit-time-ns-total", "txn-send-offsets-time-ns-total"};
    private static final String[] GROUPS = {THREAD, THREAD, THREAD, THREAD, THREAD, PRODUCER, PRODUCER, PRODUCER};

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final double[] begin;
    private final long wallBegin = System.nanoTime();

    StreamsMeter(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
        this.begin = totals(metrics.get());
    }

    // KafkaStreams.metrics() copies every client's registry: one copy per reading, not one per metric name
    private double[] totals(Map<MetricName, ? extends Metric> snapshot) {
        double[] t = new double[TOTALS.length];
        for (int i = 0; i < TOTALS.length; i++) {
            t[i] = sum(snapshot, TOTALS[i], GROUPS[i]);
        }
        return t;
    }

    /** {@code name} of {@code group} summed over the clients that have it (of producers, the stream threads'). */
    private static double sum(Map<MetricName, ? extends Metric> snapshot, String name, String group) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : snapshot.entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals(name) && n.group().equals(group)
                    && (!n.group().equals(PRODUCER) || n.tags().getOrDefault("client-id", "").contains("StreamThread"))
                    && e.getValue().metricValue() instanceof Number v && Double.isFinite(v.doubleValue())) {
                sum += v.doubleValue();
            }
        }
        return sum;
    }

    /** For people: the window's commits and where the stream threads' time went. */
    String summary() {
        Map<MetricName, ? extends Metric> snapshot = metrics.get();
        double[] end = totals(snapshot);
        double wall = (System.nanoTime() - wallBegin) / 1e9;
        double commits = end[0] - begin[0];
        double processed = end[1] - begin[1];
        double polls = end[2] - begin[2];
        return String.format(Locale.ROOT, "stream threads over %.1f s: %,.0f records processed (%,.0f/s), %,.0f commits (%.0f ms apart), %,.0f polls "
                        + "(%.1f records each); blocked on Kafka %.1f%% of the time; the producers' flush %.1f ms and "
                        + "transaction commit %.1f ms per commit, sending offsets %.1f ms; ratios of the last window: "
                        + "poll %.2f, process %.2f, commit %.2f, punctuate %.2f; commit latency avg %.1f ms, max %.1f ms",
                wall, processed, processed / wall, commits, commits == 0 ? 0 : wall * 1000 / commits, polls, polls == 0 ? 0 : processed / polls,
                (end[4] - begin[4]) / 1e9 / wall * 100, perCommit(end, 5, commits), perCommit(end, 6, commits),
                perCommit(end, 7, commits), sum(snapshot, "poll-ratio", THREAD),
                sum(snapshot, "process-ratio", THREAD), sum(snapshot, "commit-ratio", THREAD),
                sum(snapshot, "punctuate-ratio", THREAD), sum(snapshot, "commit-latency-avg", THREAD),
                sum(snapshot, "commit-latency-max", THREAD));
    }

    private double perCommit(double[] end, int i, double commits) {
        return commits == 0 ? 0 : (end[i] - begin[i]) / 1e6 / commits;
    }
}
