package io.reclaimer.app.runtime;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.config.StandaloneSettings.Source;
import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.aws.AwsSource;
import io.reclaimer.collectors.kubernetes.KubernetesSource;
import io.reclaimer.collectors.simulator.SimulatedSource;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every source Reclaimer collects from, by the name {@code standalone.sources} and {@code reclaimer collect <name>}
 * give it: {@code collect}, {@code standalone} and {@code demo} all build their collectors here and run them with
 * {@link CollectorRunner} / {@link PipelineRun#addCollector}. A new source is its {@link Collector} class plus one
 * line in {@link #builtIn()} (and its name in {@link Source}).
 */
public final class CollectorRegistry {

    /**
     * What a source is built from: the configuration (with the command line's overrides applied), the topics, the
     * metrics registry it registers its series in, and how to read Kafka (null when printing to stdout).
     */
    public record Context(ReclaimerConfig config, Topics topics, PrometheusRegistry metrics,
                          Map<String, Object> kafkaClient, Clock clock) {
    }

    /** Builds a source's collector; nothing is contacted until it collects. */
    @FunctionalInterface
    public interface Factory {
        Collector create(Context context);
    }

    private final Map<String, Factory> factories = new LinkedHashMap<>();

    /** The sources Reclaimer ships. */
    public static CollectorRegistry builtIn() {
        return new CollectorRegistry()
                .register(Source.SIMULATED.toString(), CollectorRegistry::simulated)
                .register(Source.AWS.toString(),
                        c -> new AwsSource(c.config().aws(), c.topics(), c.metrics(), c.clock()))
                .register(Source.KUBERNETES.toString(),
                        c -> new KubernetesSource(c.config().kubernetes(), c.topics(), c.metrics(), c.kafkaClient()));
    }

    /** The simulated fleet, typed: the demo reads its progress. */
    public static SimulatedSource simulated(Context context) {
        return new SimulatedSource(context.config().simulator(), context.topics(), context.clock());
    }

    public CollectorRegistry register(String source, Factory factory) {
        if (factories.putIfAbsent(source, factory) != null) {
            throw new IllegalArgumentException("source '" + source + "' is registered twice");
        }
        return this;
    }

    public Set<String> sources() {
        return Collections.unmodifiableSet(factories.keySet());
    }

    public Collector create(String source, Context context) {
        Factory factory = factories.get(source);
        if (factory == null) {
            throw new IllegalArgumentException("unknown source '" + source + "': use one of " + factories.keySet());
        }
        return factory.create(context);
    }

    public Collector create(Source source, Context context) {
        return create(source.toString(), context);
    }
}
