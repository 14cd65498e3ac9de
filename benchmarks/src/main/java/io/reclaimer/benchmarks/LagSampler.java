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
                    first = first < 0 ? lag : first;
                    last = lag;
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

    /** For people: mean and max lag in samples, and in seconds of {@code perSecond}. */
    synchronized String summary(double perSecond) {
        if (samples == 0) {
            Throwable e = failure.get();
            return "instance lag not sampled" + (e == null ? "" : " (" + e.getMessage() + ")");
        }
        double mean = (double) sum / samples;
        return String.format(Locale.ROOT, "instance lag mean %,.0f samples (%.2f s of load), max %,d (%.2f s), first %,d, "
                + "last %,d, %d readings", mean, mean / perSecond, max, max / perSecond, first, last, samples);
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
