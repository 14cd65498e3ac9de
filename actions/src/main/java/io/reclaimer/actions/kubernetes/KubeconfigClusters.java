package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.ActionFailedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clusters reached through kubeconfig contexts (a finding's cluster name, or the context mapped to it in
 * {@code actions.kubernetes.contexts}) or, for {@code actions.kubernetes.inCluster}, the service account of
 * the pod this service runs in. Clients are created on first use and closed with this object.
 */
public final class KubeconfigClusters implements KubernetesClusters, AutoCloseable {

    private final ActionsConfig.Kubernetes settings;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public KubeconfigClusters(ActionsConfig.Kubernetes settings) {
        this.settings = settings;
    }

    @Override
    public KubernetesClient client(String cluster) throws ActionFailedException {
        KubernetesClient existing = clients.get(cluster);
        if (existing != null) {
            return existing;
        }
        Config config;
        try {
            config = config(cluster);
        } catch (RuntimeException e) {
            throw new ActionFailedException("cannot reach cluster '" + cluster + "': " + e.getMessage(), e);
        }
        return clients.computeIfAbsent(cluster, c -> new KubernetesClientBuilder().withConfig(config).build());
    }

    private Config config(String cluster) throws ActionFailedException {
        if (cluster.equals(settings.inCluster())) {
            return Config.autoConfigure(null);
        }
        String context = settings.contexts().getOrDefault(cluster, cluster);
        Config config = settings.kubeconfig() != null
                ? Config.fromKubeconfig(context, settings.kubeconfig().toFile())
                : Config.autoConfigure(context);
        if (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName())) {
            throw new ActionFailedException("no kubeconfig context '" + context + "' for cluster '" + cluster
                    + "' (map clusters to contexts in actions.kubernetes.contexts)");
        }
        return config;
    }

    @Override
    public void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
