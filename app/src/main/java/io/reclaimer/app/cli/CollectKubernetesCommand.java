package io.reclaimer.app.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.CollectorAgent;
import io.reclaimer.app.runtime.ManagedService;
import io.reclaimer.collectors.kubernetes.KubernetesCollector;
import io.reclaimer.collectors.kubernetes.KubernetesCollectorConfig;
import io.reclaimer.collectors.kubernetes.state.KafkaPriorInventory;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The Kubernetes collector: inventory, usage and history of one or several clusters into Kafka. */
@Command(name = "kubernetes", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stream workloads, nodes, volumes, services, usage and OOM kills of Kubernetes clusters into Kafka.")
public final class CollectKubernetesCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to read (default: kubernetes.kubeconfig, else $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME[=CLUSTER_ID]",
            description = "A context to collect; repeat for several clusters. The cluster id every event carries "
                    + "is the context name unless given (default: kubernetes.contexts, else the current context).")
    List<String> contexts;

    @Option(names = "--prometheus-url", paramLabel = "URL",
            description = "Backfill usage history from this Prometheus (default: kubernetes.prometheusUrl; none: no backfill).")
    URI prometheusUrl;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of /metrics and /healthz while streaming (default: http.port, 9400).")
    Integer metricsPort;

    @Mixin
    SinkOptions sinkOptions;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        KubernetesCollectorConfig settings = loaded.kubernetes();
        if (kubeconfig != null) {
            settings = settings.withKubeconfig(kubeconfig);
        }
        if (contexts != null && !contexts.isEmpty()) {
            settings = settings.withContexts(contexts.stream().map(KubernetesCollectorConfig.Context::parse).toList());
        }
        if (prometheusUrl != null) {
            settings = settings.withPrometheusUrl(prometheusUrl);
        }
        KafkaSettings kafkaSettings = kafka.apply(loaded.kafka());
        Topics topics = Topics.namespace(kafkaSettings.topicNamespace());
        PrometheusRegistry registry = new PrometheusRegistry();
        try (KubernetesCollector collector = KubernetesCollector.create(settings, topics, registry);
             CollectorAgent agent = sinkOptions.open(kafkaSettings, topics, "reclaimer-kubernetes-collector",
                     "kubernetes-collector")) {
            EventSink sink = agent.sink();
            PriorInventory prior = KafkaPriorInventory.of(agent.prior(), topics);
            // real prices (AWS collector, prices topic) before the first publication; the shipped table meanwhile
            io.reclaimer.collectors.pricing.KafkaPriceFeed prices = sinkOptions.toStdout() ? null
                    : io.reclaimer.collectors.pricing.KafkaPriceFeed.start(
                            kafkaSettings.client(kafkaSettings.bootstrapServers()).clientConfig(), topics.prices(),
                            collector.priceBook());
            if (prices != null && !prices.awaitCaughtUp(java.time.Duration.ofSeconds(60))) {
                org.slf4j.LoggerFactory.getLogger(CollectKubernetesCommand.class)
                        .warn("prices topic not read within 60 s: nodes are priced from the shipped table until it is");
            }
            try {
            if (sinkOptions.once()) {
                KubernetesCollector.OnceResult result = collector.collectOnce(sink, prior);
                if (!result.complete()) {
                    throw new IllegalStateException("could not collect " + result.failed().entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
                            + (result.collected().isEmpty() ? "" : "; collected " + String.join(", ", result.collected())));
                }
                return 0;
            }
            HttpSettings http = metricsPort == null ? loaded.http() : loaded.http().withPort(metricsPort);
            StreamingCollector.run("kubernetes-collector", http, registry, health(collector), sink,
                    stop -> collector.run(sink, prior, stop));
            return 0;
            } finally {
                if (prices != null) {
                    prices.close();
                }
            }
        }
    }

    /** {@code /healthz} is unhealthy while a cluster is unreachable. */
    private static ManagedService health(KubernetesCollector collector) {
        return new ManagedService() {
            @Override
            public String name() {
                return "kubernetes-collector";
            }

            @Override
            public void start() {
            }

            @Override
            public String problem() {
                Map<String, Boolean> up = collector.clustersUp();
                return up.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                        .map(cluster -> cluster + " unreachable").collect(Collectors.joining(", "));
            }

            @Override
            public void close() {
            }
        };
    }
}
