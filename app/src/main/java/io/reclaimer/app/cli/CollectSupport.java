package io.reclaimer.app.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.config.StandaloneSettings.Source;
import io.reclaimer.app.runtime.CollectorAgent;
import io.reclaimer.app.runtime.CollectorRegistry;
import io.reclaimer.app.runtime.CollectorRunner;
import io.reclaimer.collectors.Collector;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.util.Map;

/** What every {@code collect <source>} command does once its options are applied to the configuration. */
final class CollectSupport {

    private CollectSupport() {
    }

    /**
     * Builds the source's collector from the registry (before connecting: a bad configuration is one line), connects
     * it (its agent state read when it keeps state), then collects once or streams until stopped. {@code http} null:
     * streaming serves no endpoints.
     */
    static int collect(Source source, ReclaimerConfig config, KafkaSettings kafka, SinkOptions sinkOptions,
                       HttpSettings http) throws Exception {
        Topics topics = Topics.namespace(kafka.topicNamespace());
        PrometheusRegistry registry = new PrometheusRegistry();
        Map<String, Object> client = sinkOptions.toStdout() || kafka.embedded() ? null
                : kafka.client(kafka.bootstrapServers()).clientConfig();
        CollectorRegistry.Context context = new CollectorRegistry.Context(config, topics, registry, client,
                Clock.systemUTC());
        try (Collector collector = CollectorRegistry.builtIn().create(source, context);
             CollectorAgent agent = sinkOptions.open(kafka, topics, "reclaimer-" + collector.name(),
                     collector.keepsState() ? collector.name() : null)) {
            if (sinkOptions.once()) {
                CollectorRunner.once(collector, agent.sink(), agent.prior());
            } else {
                CollectorRunner.stream(collector, agent.sink(), agent.prior(), http, registry);
            }
        }
        return 0;
    }
}
