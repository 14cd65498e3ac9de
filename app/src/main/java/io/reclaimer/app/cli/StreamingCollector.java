package io.reclaimer.app.cli;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.runtime.HttpEndpoints;
import io.reclaimer.app.runtime.ManagedService;
import io.reclaimer.app.runtime.Services;
import io.reclaimer.collectors.sink.EventSink;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a collector command streams until it is stopped: {@code /metrics} and {@code /healthz} served, and on
 * SIGTERM or Ctrl-C the current pass ends and the sink is flushed before the JVM goes, so a rolling restart
 * loses none of the records already produced.
 */
final class StreamingCollector {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingCollector.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 30;

    /** The collector's loop: returns once {@code stop} has counted down. */
    interface Loop {
        void run(CountDownLatch stop) throws Exception;
    }

    private StreamingCollector() {
    }

    /** {@code health} (null for none) decides what {@code /healthz} reports besides the process being up. */
    static void run(String name, HttpSettings http, PrometheusRegistry registry, ManagedService health, EventSink sink,
                    Loop loop) throws Exception {
        JvmMetrics.builder().register(registry);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Services services = new Services();
             HttpEndpoints endpoints = HttpEndpoints.start(http, registry, services)) {
            if (health != null) {
                services.start(health);
            }
            LOG.info("{} streaming; /metrics and /healthz on port {}", name, endpoints.port());
            loop.run(stop);
            sink.flush();
        } finally {
            stopped.countDown();
        }
    }
}
