package io.reclaimer.app.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.ManagedService;
import io.reclaimer.collectors.kubernetes.KubernetesCollector;
import io.reclaimer.collectors.kubernetes.KubernetesCollectorConfig;
import io.reclaimer.collectors.kubernetes.state.KafkaPriorInventory;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.collectors.pricing.KafkaPriceFeed;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final Duration STATE_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CollectKubernetesCommand.class);

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
             EventSink sink = sinkOptions.open(kafkaSettings, "reclaimer-kubernetes-collector")) {
            // printing to stdout keeps no state: nothing is read back, and nothing is tombstoned
            PriorInventory prior = sinkOptions.toStdout() ? PriorInventory.empty()
                    : KafkaPriorInventory.read(kafkaSettings.bootstrapServers(), topics, STATE_READ_TIMEOUT);
            // real prices (AWS collector, prices topic) before the first publication; the shipped table meanwhile
            KafkaPriceFeed prices = sinkOptions.toStdout() ? null : KafkaPriceFeed.start(
                    java.util.Map.of(org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                            kafkaSettings.bootstrapServers()), topics.prices(), collector.priceBook());
            if (prices != null && !prices.awaitCaughtUp(STATE_READ_TIMEOUT)) {
                LOG.warn("prices topic not read within {}: nodes are priced from the shipped table until it is",
                        STATE_READ_TIMEOUT);
            }
            try (AutoCloseable closePrices = prices == null ? () -> { } : prices) {
            if (sinkOptions.once()) {
                KubernetesCollector.OnceResult result = collector.collectOnce(sink, prior);
                if (!result.complete()) {
                    throw new IllegalStateException("could not collect " + result.failed().entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
                            + (result.collected().isEmpty() ? "" : "; collected " + String.join(", ", result.collected())));
                }
                return 0;
            }
            HttpSettings http = metricsPort == null ? loaded.http() : new HttpSettings(metricsPort, loaded.http().bindAddress());
            StreamingCollector.run("kubernetes-collector", http, registry, health(collector), sink,
                    stop -> collector.run(sink, prior, stop));
            return 0;
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
