package io.reclaimer.app.runtime;

import io.reclaimer.collectors.sink.EventSink;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's long-running loop on its own thread, writing to a sink it owns. The loop function gets a
 * stop signal to poll; a loop that dies makes the service unhealthy instead of vanishing silently.
 */
public final class CollectorLoop implements ManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorLoop.class);

    private final String name;
    private final EventSink sink;
    private final BiConsumer<EventSink, BooleanSupplier> loop;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread thread;

    public CollectorLoop(String name, EventSink sink, BiConsumer<EventSink, BooleanSupplier> loop) {
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
                loop.accept(sink, stop::get);
                sink.flush();
            } catch (RuntimeException e) {
                failure.set(e);
                LOG.error("{} stopped: {}", name, e.getMessage(), e);
            }
        }, name);
        thread.start();
    }

    /** Asks the loop to stop and waits for it, so everything it produced is flushed. */
    public void stopAndWait() {
        stop.set(true);
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
