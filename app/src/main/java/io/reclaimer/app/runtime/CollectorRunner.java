package io.reclaimer.app.runtime;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.sink.EventSink;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code reclaimer collect <source>} runs any {@link Collector}: once, or streaming until it is stopped with
 * {@code /metrics} and {@code /healthz} served; on SIGTERM or Ctrl-C the current pass ends and the sink is flushed
 * before the JVM goes, so a rolling restart loses none of the records already produced.
 */
public final class CollectorRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorRunner.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 30;

    private CollectorRunner() {
    }

    /** One pass, flushed; a partial pass fails with why, after emitting what it could. */
    public static void once(Collector collector, EventSink sink, AgentState prior) throws Exception {
        Collector.Pass pass = collector.collectOnce(sink, prior);
        sink.flush();
        if (pass.summary() != null) {
            LOG.info("{}: {}", collector.name(), pass.summary());
        }
        if (!pass.isComplete()) {
            throw new IllegalStateException(pass.incomplete());
        }
    }

    /**
     * Streams until the JVM is asked to stop; the shutdown waits (up to 30 s) for the flush. {@code http} null: no
     * endpoints (the simulator, which has nothing to report).
     */
    public static void stream(Collector collector, EventSink sink, AgentState prior, HttpSettings http,
                              PrometheusRegistry registry) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, collector.name() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            streamUntil(collector, sink, prior, http, registry, stop);
        } finally {
            stopped.countDown();
        }
    }

    /** Streams until {@code stop} is released (or the collector fails: rethrown), the sink flushed when it returns. */
    static void streamUntil(Collector collector, EventSink sink, AgentState prior, HttpSettings http,
                            PrometheusRegistry registry, CountDownLatch stop) throws Exception {
        CollectorLoop loop = new CollectorLoop(collector.name(), collector, sink, prior, stop, () -> { });
        try (Services services = new Services();
             HttpEndpoints endpoints = http == null ? null : HttpEndpoints.start(http, registry, services)) {
            if (endpoints != null) {
                JvmMetrics.builder().register(registry);
            }
            services.start(loop);
            if (endpoints == null) {
                LOG.info("{} streaming", collector.name());
            } else {
                LOG.info("{} streaming; /metrics and /healthz on port {}", collector.name(), endpoints.port());
            }
            loop.awaitEnd();
        }
    }
}
