package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.ActionFailedException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Clusters reached through kubeconfig contexts (a finding's cluster name, or the context mapped to it in
 * {@code actions.kubernetes.contexts}), for {@code actions.kubernetes.inCluster} the service account of the pod
 * this service runs in, and for {@code actions.kubernetes.eks} with EKS tokens this service signs itself
 * ({@link EksTokens}). Clients are created on first use and closed with this object.
 */
public final class KubeconfigClusters implements KubernetesClusters, AutoCloseable {

    private final ActionsConfig.Kubernetes settings;
    private final Function<ActionsConfig.EksCluster, AwsCredentialsProvider> eksCredentials;
    private final Clock clock;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public KubeconfigClusters(ActionsConfig.Kubernetes settings) {
        this(settings, KubeconfigClusters::awsCredentials, Clock.systemUTC());
    }

    /** With the AWS credentials each EKS cluster's tokens are signed with, and the clock of their refresh. */
    public KubeconfigClusters(ActionsConfig.Kubernetes settings,
                              Function<ActionsConfig.EksCluster, AwsCredentialsProvider> eksCredentials, Clock clock) {
        this.settings = settings;
        this.eksCredentials = eksCredentials;
        this.clock = clock;
    }

    /**
     * This service's own AWS identity (the SDK's default chain: IRSA, EKS Pod Identity, environment, profile),
     * or the cluster's role assumed with it.
     */
    static AwsCredentialsProvider awsCredentials(ActionsConfig.EksCluster cluster) {
        return credentials(cluster, DefaultCredentialsProvider.builder().build());
    }

    /** {@code own}, or the cluster's role assumed with {@code own} (refreshed by the SDK before it expires). */
    static AwsCredentialsProvider credentials(ActionsConfig.EksCluster cluster, AwsCredentialsProvider own) {
        if (cluster.roleArn().isEmpty()) {
            return own;
        }
        StsClient sts = StsClient.builder().region(Region.of(cluster.region())).credentialsProvider(own)
                .endpointOverride(cluster.stsEndpoint()).httpClient(UrlConnectionHttpClient.create()).build();
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(cluster.roleArn()).roleSessionName("reclaimer-actions")).build();
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
        Optional<ActionsConfig.EksCluster> eks = settings.eks(cluster);
        if (eks.isPresent()) {
            return eksConfig(eks.get());
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

    /** The API server of an EKS cluster with a token provider: every request carries a fresh enough token. */
    Config eksConfig(ActionsConfig.EksCluster cluster) {
        ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.endpoint().toString())
                .withOauthTokenProvider(new EksTokens(cluster, eksCredentials.apply(cluster), clock));
        if (!cluster.certificateAuthorityData().isEmpty()) {
            config.withCaCertData(cluster.certificateAuthorityData());
        }
        return config.build();
    }

    @Override
    public void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
