package io.reclaimer.benchmarks;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;

/**
 * The instance's lag while latencies are measured, sampled every 250 ms: the usage samples written to the topic and
 * not yet covered by the instance's committed offsets. A lag that stays near a commit interval's worth of load means
 * the instance keeps up and a probe's wait is the commit; a lag of seconds of load means the probes queue.
 */
final class LagSampler implements AutoCloseable {

    private final BenchKafka kafka;
    private final Admin admin;
    private final String groupId;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private long samples;
    private long sum;
    private long max;
    private long first = -1;
    private long last;
    private long firstAt;
    private long lastAt;
    private final Thread thread;

    LagSampler(BenchKafka kafka, Admin admin, String groupId) {
        this.kafka = kafka;
        this.admin = admin;
        this.groupId = groupId;
        this.thread = new Thread(this::sample, "bench-lag-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void sample() {
        while (running) {
            try {
                long lag = Math.max(0, BenchKafka.endOffsets(admin, kafka.topics().usageSamples())
                        - kafka.committed(admin, groupId));
                synchronized (this) {
                    samples++;
                    sum += lag;
                    max = Math.max(max, lag);
                    long now = System.nanoTime();
                    if (first < 0) {
                        first = lag;
                        firstAt = now;
                    }
                    last = lag;
                    lastAt = now;
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failure.compareAndSet(null, e);
                return;
            }
        }
    }

    /**
     * Waits at least {@code min}, then until the lag is under a second of {@code perSecond} (or 1,000 samples), at
     * most {@code max}: the load starts from nothing (its producer's first burst, the instance's first commits) and an
     * instance with headroom works that queue off; one without never does. Says which it was.
     */
    String awaitSettled(double perSecond, java.time.Duration min, java.time.Duration max) throws InterruptedException {
        long begin = System.nanoTime();
        Thread.sleep(min.toMillis());
        long readingsBefore;
        synchronized (this) {
            readingsBefore = samples;
        }
        double threshold = Math.max(perSecond, 1_000);
        while (true) {
            long lag;
            long readings;
            synchronized (this) {
                lag = last;
                readings = samples;
            }
            double waited = (System.nanoTime() - begin) / 1e9;
            if (readings > readingsBefore && lag < threshold) {
                return String.format(Locale.ROOT, "the load settled after %.1f s (lag %,d samples, %.2f s of load)",
                        waited, lag, lag / perSecond);
            }
            if (failure.get() != null || waited > max.toMillis() / 1e3) {
                return String.format(Locale.ROOT, "the lag did not settle within %.0f s: %,d samples (%.2f s of load) "
                        + "at the last reading; the probes queue behind it", waited, lag, lag / perSecond);
            }
            Thread.sleep(250);
        }
    }

    /**
     * For people: mean and max lag in samples, and in seconds of {@code perSecond}; how fast it grew from the first
     * reading to the last (an instance that keeps up shows no growth beyond noise; one slower than the load grows by
     * the difference).
     */
    synchronized String summary(double perSecond) {
        if (samples == 0) {
            Throwable e = failure.get();
            return "instance lag not sampled" + (e == null ? "" : " (" + e.getMessage() + ")");
        }
        double mean = (double) sum / samples;
        double seconds = (lastAt - firstAt) / 1e9;
        return String.format(Locale.ROOT, "instance lag mean %,.0f samples (%.2f s of load), max %,d (%.2f s), first %,d, "
                        + "last %,d (%+,.0f samples/s over %.1f s), %d readings", mean, mean / perSecond, max,
                max / perSecond, first, last, seconds > 0 ? (last - first) / seconds : 0.0, seconds, samples);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
