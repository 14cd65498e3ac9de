package io.reclaimer.app.runtime;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.recommendations.ApplicationServer;
import io.reclaimer.app.recommendations.RecommendationsEndpoint;
import io.reclaimer.app.report.PipelineSummary;
import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.agent.AgentStateSink;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.intake.ClusterIntake;
import io.reclaimer.streams.intake.UsageIntake;
import io.reclaimer.streams.metrics.AnalysisMetrics;
import io.reclaimer.streams.report.WasteReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process running the pipeline (demo and standalone): the analysis, any collectors, and the HTTP
 * endpoint; it runs until a duration elapses or it is asked to stop, then drains (collectors stop, the
 * analysis catches up with everything they produced) and summarises.
 */
public final class PipelineRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);

    private final KafkaRuntime kafka;
    private final Services services = new Services();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<CollectorLoop> collectors = new ArrayList<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final HttpEndpoints http;
    private final AnalysisWiring.ManagedAnalysis analysis;
    /** The admin client progress readings share (one, not one a second). */
    private Admin lagAdmin;

    private PipelineRun(ReclaimerConfig config, HttpSettings httpSettings, KafkaRuntime kafka,
                        AnalysisConfig analysisConfig) {
        this.kafka = kafka;
        JvmMetrics.builder().register(registry);
        this.http = HttpEndpoints.start(httpSettings, registry, services);
        try {
            // the other instances reach this one's interactive queries on its HTTP endpoint
            String applicationServer = ApplicationServer.resolve(analysisConfig.applicationServer(), http.port());
            if (!applicationServer.isEmpty()) {
                LOG.info("interactive queries: this instance announces itself as {} (analysis.applicationServer)",
                        applicationServer);
            }
            this.analysis = AnalysisWiring.create(kafka, config, analysisConfig.withApplicationServer(applicationServer));
            AnalysisMetrics.register(registry, analysis.service(), config.analysis().metrics());
            IntakeMetrics.register(registry, analysis.service());
            services.start(analysis);
            http.handle(RecommendationsEndpoint.PATH, RecommendationsEndpoint.of(analysis.service(),
                    analysis.recommendations(), applicationServer, httpSettings.token().orElse(null)));
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    public static PipelineRun start(ReclaimerConfig config, HttpSettings http, KafkaRuntime kafka, Path stateDir) {
        return new PipelineRun(config, http, kafka, config.analysis().withStateDir(stateDir));
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public Topics topics() {
        return kafka.topics();
    }

    /** How every client of this process reaches Kafka. */
    public KafkaClientSettings kafkaClient() {
        return kafka.client();
    }

    /**
     * How this process's collectors are built ({@link CollectorRegistry}): {@code config} with whatever the command
     * line overrides, this run's topics, metrics registry and Kafka.
     */
    public CollectorRegistry.Context collectorContext(ReclaimerConfig config) {
        return new CollectorRegistry.Context(config, kafka.topics(), registry, kafka.client().clientConfig(),
                Clock.systemUTC());
    }

    /**
     * Starts a collector on its own thread, writing into Kafka through its own reliable producer. One that keeps
     * state runs as the agent {@code kafka.agentId} (else its name): its prior state comes from the agent's own state
     * topic (created when missing), and what it publishes on the compacted topics is copied there. The run owns it
     * from here: it is stopped, flushed and closed with the run.
     */
    public <C extends Collector> C addCollector(C collector) {
        try {
            String agentId = collector.keepsState() ? kafka.settings().agentIdOr(collector.name()) : null;
            String name = agentId == null ? collector.name() : agentId;
            AgentState prior = agentId == null ? AgentState.empty()
                    : CollectorAgent.readState(kafka.client(), kafka.settings(), kafka.topics(), agentId);
            EventSink produced = KafkaEventSink.connect(kafka.client(), "reclaimer-" + name, Map.of());
            EventSink sink = agentId == null ? produced : new AgentStateSink(produced, kafka.topics(), agentId);
            CollectorLoop loop = new CollectorLoop(name, collector, sink, prior, new CountDownLatch(1), () -> {
                sink.close();
                collector.close();
            });
            services.start(loop);
            collectors.add(loop);
            return collector;
        } catch (RuntimeException e) {
            collector.close();
            throw e;
        }
    }

    /** Starts another service of this process (the actions service): same health endpoint, closed with the run. */
    public <S extends ManagedService> S addService(S service) {
        services.start(service);
        return service;
    }

    public KafkaRuntime kafka() {
        return kafka;
    }

    /** Blocks until {@code duration} has passed (null: forever) or {@link #requestStop()} is called. */
    public void awaitStop(Duration duration) throws InterruptedException {
        if (duration == null) {
            stopRequested.await();
        } else {
            stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void requestStop() {
        stopRequested.countDown();
    }

    /** How many records the analysis has yet to process on its source topics (its consumer group's lag). */
    public long analysisLag() {
        Admin admin;
        synchronized (this) {
            if (lagAdmin == null) {
                lagAdmin = admin();
            }
            admin = lagAdmin;
        }
        return ProcessingLag.of(admin, analysis.applicationId(), analysis.service().sourceTopics());
    }

    /** Whether the analysis (Kafka Streams) is RUNNING. */
    public boolean analysisRunning() {
        return analysis.service().running();
    }

    /** Stops the collectors, waits until the analysis has processed everything they sent, and reads the results. */
    public PipelineSummary drainAndSummarize(Duration timeout) {
        collectors.forEach(CollectorLoop::stopAndWait);
        awaitCaughtUp(timeout);
        Duration read = Duration.ofSeconds(60);
        List<Recommendation> recommendations = new ArrayList<>(CompactedTopicReader.readAll(kafka.client(),
                kafka.topics().recommendations(), read).values());
        recommendations.sort(Comparator.comparing(r -> r.container().key()));
        List<Finding> findings = new ArrayList<>(CompactedTopicReader.readAll(kafka.client(),
                kafka.topics().findings(), read).values());
        findings.sort(Comparator.comparing(Finding::id));
        Map<String, ClusterIntake> intake = UsageIntake.totals(
                analysis.service().store(UsageIntake.STORE, QueryableStoreTypes.keyValueStore()));
        List<WasteReport.CostEntry> costs = WasteReport.of(List.of(), List.of(),
                CompactedTopicReader.readAll(kafka.client(), kafka.topics().costAllocations(), read).values(),
                CompactedTopicReader.readAll(kafka.client(), kafka.topics().costReconciliations(), read).values())
                .costs();
        return new PipelineSummary(recommendations, findings, costs, intake, deadLetters());
    }

    private void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            long lag = Long.MAX_VALUE;
            while (System.nanoTime() < deadline) {
                lag = ProcessingLag.of(admin, analysis.applicationId(), analysis.service().sourceTopics());
                if (lag == 0 && analysis.service().running()) {
                    return;
                }
                Thread.sleep(200); // polling the consumer group's committed offsets
            }
            LOG.warn("the analysis is still {} records behind after {}; the summary may be incomplete", lag, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long deadLetters() {
        try (Admin admin = admin()) {
            String topic = kafka.topics().deadLetters().name();
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> {
                        earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    });
            var from = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
            var to = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return to.entrySet().stream().mapToLong(e -> e.getValue().offset() - from.get(e.getKey()).offset()).sum();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    private Admin admin() {
        return Admin.create(kafka.client().clientConfig());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (lagAdmin != null) {
                lagAdmin.close(Duration.ofSeconds(5));
            }
        }
        services.close();
        http.close();
    }
}
