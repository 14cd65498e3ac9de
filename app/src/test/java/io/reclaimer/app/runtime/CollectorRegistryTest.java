package io.reclaimer.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.config.StandaloneSettings.Source;
import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.kubernetes.KubernetesCollectorConfig;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one registry {@code collect}, {@code standalone} and {@code demo} build their collectors from, and the runner
 * they share: a source registered there is run until stopped, and its sink is flushed after its last pass before
 * the run counts as ended (what a shutdown hook or a drain waits for).
 */
class CollectorRegistryTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Topics TOPICS = Topics.namespace("registry-test");

    @Test
    void everySourceTheConfigurationNamesIsRegisteredAndNothingElse() {
        assertThat(CollectorRegistry.builtIn().sources())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Source.values()).map(Source::toString).toList());
    }

    @Test
    void everyBuiltInSourceBuildsACollectorWithoutContactingAnything(@TempDir Path dir) throws Exception {
        // nothing listens there: building must not connect
        ReclaimerConfig config = ReclaimerConfig.DEFAULTS.withKubernetes(KubernetesCollectorConfig.defaults()
                        .withKubeconfig(kubeconfig(dir, "https://127.0.0.1:1")))
                .withSimulator(SimulatorConfig.DEFAULTS.with(1, 42L, Duration.ofHours(1), 3600.0));
        CollectorRegistry registry = CollectorRegistry.builtIn();
        Set<String> names = new HashSet<>();
        for (String source : registry.sources()) {
            try (Collector collector = registry.create(source, context(config))) {
                assertThat(names.add(collector.name())).as("name of " + source + " is its own").isTrue();
                assertThat(collector.problem()).as(source + " is healthy before it runs").isEmpty();
            }
        }
        assertThat(names).containsExactlyInAnyOrder("simulator", "aws-collector", "kubernetes-collector");
    }

    @Test
    void anUnknownSourceIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> CollectorRegistry.builtIn().create("gcp", context(ReclaimerConfig.DEFAULTS)))
                .hasMessage("unknown source 'gcp': use one of [simulated, aws, kubernetes]");
        assertThatThrownBy(() -> new CollectorRegistry().register("x", c -> null).register("x", c -> null))
                .hasMessageContaining("registered twice");
    }

    @Test
    void aRegisteredSourceIsStreamedUntilStoppedAndItsLastPassIsFlushedBeforeTheRunEnds() throws Exception {
        FakeSource fake = new FakeSource();
        Collector collector = new CollectorRegistry().register("fake", c -> fake).create("fake",
                context(ReclaimerConfig.DEFAULTS));
        RecordingSink sink = new RecordingSink();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                CollectorRunner.streamUntil(collector, sink, AgentState.empty(), new HttpSettings(0, "127.0.0.1"),
                        new PrometheusRegistry(), stop);
            } catch (Exception e) {
                failed.set(e);
            }
        });
        runner.start();
        assertThat(fake.running.await(PATIENCE.toMinutes(), TimeUnit.MINUTES)).as("the fake source was started").isTrue();

        stop.countDown(); // what the shutdown hook does
        runner.join(PATIENCE.toMillis());

        assertThat(runner.isAlive()).as("the runner returned once the source stopped").isFalse();
        assertThat(failed.get()).isNull();
        assertThat(sink.operations).as("the last pass, then the flush the shutdown waits for")
                .containsExactly("emit first", "emit last pass", "flush");
    }

    @Test
    void aSourceThatFailsEndsTheStreamWithItsError() {
        FakeSource fake = new FakeSource();
        fake.failWith = new IllegalStateException("sink refused");
        RecordingSink sink = new RecordingSink();

        assertThatThrownBy(() -> CollectorRunner.streamUntil(fake, sink, AgentState.empty(), null,
                new PrometheusRegistry(), new CountDownLatch(1))).hasMessage("sink refused");
        assertThat(sink.operations).containsExactly("emit first");
    }

    @Test
    void inAPipelineTheLoopReportsTheSourcesHealthAndClosingStopsFlushesAndReleasesIt() {
        FakeSource fake = new FakeSource();
        RecordingSink sink = new RecordingSink();
        CollectorLoop loop = new CollectorLoop("fake", fake, sink, AgentState.empty(), new CountDownLatch(1), () -> {
            sink.close();
            fake.close();
        });
        loop.start();
        try {
            assertThat(fake.running.await(PATIENCE.toMinutes(), TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        fake.problem = "cluster eu unreachable";
        assertThat(loop.problem()).isEqualTo("cluster eu unreachable");

        loop.close();

        assertThat(sink.operations).containsExactly("emit first", "emit last pass", "flush", "close");
        assertThat(fake.closed).isTrue();
    }

    @Test
    void aPartialPassFailsOnceWithWhyAfterFlushingWhatItCollected() {
        FakeSource fake = new FakeSource();
        fake.incomplete = "could not collect eu (unreachable)";
        RecordingSink sink = new RecordingSink();

        assertThatThrownBy(() -> CollectorRunner.once(fake, sink, AgentState.empty()))
                .hasMessage("could not collect eu (unreachable)");
        assertThat(sink.operations).containsExactly("emit once", "flush");
    }

    private static CollectorRegistry.Context context(ReclaimerConfig config) {
        return new CollectorRegistry.Context(config, TOPICS, new PrometheusRegistry(), null, Clock.systemUTC());
    }

    private static Path kubeconfig(Path dir, String server) throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "%s"}
                users:
                - name: u
                  user: {token: t}
                contexts:
                - name: ctx
                  context: {cluster: c, user: u}
                current-context: ctx
                """.formatted(server));
        return file;
    }

    /** Emits one record, waits to be stopped, then emits its last pass (or fails instead). */
    private static final class FakeSource implements Collector {
        final CountDownLatch running = new CountDownLatch(1);
        volatile RuntimeException failWith;
        volatile String incomplete;
        volatile String problem = "";
        volatile boolean closed;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public boolean keepsState() {
            return false;
        }

        @Override
        public Pass collectOnce(EventSink sink, AgentState prior) {
            sink.emit(TOPICS.workloads(), "once", null);
            return new Pass(null, incomplete);
        }

        @Override
        public void run(EventSink sink, AgentState prior, CountDownLatch stop) throws InterruptedException {
            sink.emit(TOPICS.workloads(), "first", null);
            if (failWith != null) {
                throw failWith;
            }
            running.countDown();
            stop.await();
            sink.emit(TOPICS.workloads(), "last pass", null);
        }

        @Override
        public String problem() {
            return problem;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class RecordingSink implements EventSink {
        final List<String> operations = Collections.synchronizedList(new ArrayList<>());

        @Override
        public <V> void emit(TopicSpec<String, V> topic, String key, V value) {
            operations.add("emit " + key);
        }

        @Override
        public void flush() {
            operations.add("flush");
        }

        @Override
        public void close() {
            operations.add("close");
        }
    }
}
