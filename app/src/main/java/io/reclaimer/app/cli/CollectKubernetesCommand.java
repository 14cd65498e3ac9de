package io.reclaimer.app.cli;

import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.config.StandaloneSettings.Source;
import io.reclaimer.collectors.kubernetes.KubernetesCollectorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The Kubernetes collector: inventory, usage and history of one or several clusters into Kafka. */
@Command(name = "kubernetes", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stream workloads, nodes, volumes, services, usage and OOM kills of Kubernetes clusters into Kafka.")
final class CollectKubernetesCommand implements Callable<Integer> {

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
        HttpSettings http = metricsPort == null ? loaded.http() : loaded.http().withPort(metricsPort);
        return CollectSupport.collect(Source.KUBERNETES, loaded.withKubernetes(settings), kafka.apply(loaded.kafka()),
                sinkOptions, http);
    }
}
