package io.reclaimer.app.runtime;

import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.sink.EventSink;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector streaming on its own thread: it runs until {@code stop} is released, and the sink is flushed before
 * the loop counts as ended, so whoever waits for the end (a drain, a shutdown hook) finds everything written. A
 * loop that dies makes the service unhealthy instead of vanishing silently.
 */
final class CollectorLoop implements ManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorLoop.class);

    private final String name;
    private final Collector collector;
    private final EventSink sink;
    private final AgentState prior;
    private final CountDownLatch stop;
    private final AutoCloseable owned;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Thread thread;

    /**
     * {@code stop}: released to end the loop (also by {@link #stopAndWait}); {@code owned}: what {@link #close}
     * releases after the loop has ended (in a pipeline, the sink and the collector; a command closes its own).
     */
    CollectorLoop(String name, Collector collector, EventSink sink, AgentState prior, CountDownLatch stop,
                         AutoCloseable owned) {
        this.name = name;
        this.collector = collector;
        this.sink = sink;
        this.prior = prior;
        this.stop = stop;
        this.owned = owned;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        Thread started = new Thread(() -> {
            try {
                collector.run(sink, prior, stop);
                sink.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure.set(e);
                LOG.error("{} stopped: {}", name, e.getMessage(), e);
            } finally {
                ended.countDown();
            }
        }, name);
        thread = started;
        started.start();
    }

    /** Asks the loop to stop and waits until it has ended, everything it produced flushed. */
    public void stopAndWait() {
        stop.countDown();
        awaitEndQuietly();
    }

    /** Blocks until the loop ends (asked to stop, or failed) with its sink flushed; rethrows what ended it. */
    public void awaitEnd() throws Exception {
        ended.await();
        Exception error = failure.get();
        if (error != null) {
            throw error;
        }
    }

    private void awaitEndQuietly() {
        if (thread == null) {
            return;
        }
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The loop's death, else what the source itself reports (an unreachable cluster). */
    @Override
    public String problem() {
        Exception error = failure.get();
        return error != null ? "stopped: " + error.getMessage() : collector.problem();
    }

    @Override
    public void close() {
        stopAndWait();
        try {
            owned.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", name, e.getMessage());
        }
    }
}
