package io.reclaimer.benchmarks;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A background load: records at a steady rate from its own thread, stamped with the wall clock. It paces itself on
 * a schedule (the records due by now), so a producer that falls behind catches up as fast as it can instead of
 * lowering the target silently; what the broker acknowledged is counted, and that is what gets reported. A rate of 0
 * sends nothing.
 */
final class PacedLoad implements AutoCloseable {

    /** Record {@code n} of the load, sent at {@code nowMillis}. */
    interface Records {
        ProducerRecord<byte[], byte[]> record(long n, long nowMillis);
    }

    private final Properties producerConfig;
    private final int perSecond;
    private final Records records;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private final Thread thread;

    PacedLoad(Properties producerConfig, int perSecond, String threadName, Records records) {
        this.producerConfig = producerConfig;
        this.perSecond = perSecond;
        this.records = records;
        this.thread = new Thread(this::stream, threadName);
        this.thread.setDaemon(true);
        if (perSecond > 0) {
            thread.start();
        }
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Throws if the load failed: a figure measured beside a dead load would not be what it claims. */
    void check() {
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the background load failed: " + e.getMessage(), e);
        }
    }

    private void stream() {
        Callback counted = (metadata, e) -> {
            if (e == null) {
                acknowledged.incrementAndGet();
            } else {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long begin = System.nanoTime();
            long sent = 0;
            while (running && failure.get() == null) {
                long due = (long) ((System.nanoTime() - begin) / 1e9 * perSecond);
                if (sent >= due) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    continue;
                }
                long now = System.currentTimeMillis();
                for (; sent < due && running; sent++) {
                    producer.send(records.record(sent, now), counted);
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
