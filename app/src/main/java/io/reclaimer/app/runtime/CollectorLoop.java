package io.reclaimer.app.runtime;

import io.reclaimer.collectors.sink.EventSink;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's long-running loop on its own thread, writing to a sink it owns. The loop gets a latch that
 * is released when it must stop; a loop that dies makes the service unhealthy instead of vanishing silently.
 */
public final class CollectorLoop implements ManagedService {

    /** The body of a collector: runs until {@code stop} is released. */
    @FunctionalInterface
    public interface Loop {
        void run(EventSink sink, CountDownLatch stop) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CollectorLoop.class);

    private final String name;
    private final EventSink sink;
    private final Loop loop;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread thread;

    public CollectorLoop(String name, EventSink sink, Loop loop) {
        this.name = name;
        this.sink = sink;
        this.loop = loop;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        thread = new Thread(() -> {
            try {
                loop.run(sink, stop);
                sink.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure.set(e);
                LOG.error("{} stopped: {}", name, e.getMessage(), e);
            }
        }, name);
        thread.start();
    }

    /** Asks the loop to stop and waits for it, so everything it produced is flushed. */
    public void stopAndWait() {
        stop.countDown();
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String problem() {
        Throwable error = failure.get();
        return error == null ? "" : "stopped: " + error.getMessage();
    }

    @Override
    public void close() {
        stopAndWait();
        sink.close();
    }
}
