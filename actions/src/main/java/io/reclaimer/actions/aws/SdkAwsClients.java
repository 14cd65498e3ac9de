package io.reclaimer.actions.aws;

import io.reclaimer.actions.ActionsConfig;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * SDK v2 clients on the URL-connection HTTP client, created per region on first use, with the endpoint
 * override of {@code actions.aws.endpointOverride} for AWS-compatible servers and tests.
 */
public final class SdkAwsClients implements AwsClients {

    private final URI endpointOverride;
    private final AwsCredentialsProvider credentials;
    private final Map<String, SdkAutoCloseable> clients = new ConcurrentHashMap<>();

    public SdkAwsClients(ActionsConfig.Aws settings, AwsCredentialsProvider credentials) {
        this.endpointOverride = settings.endpointOverride();
        this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
    }

    @Override
    public Ec2Client ec2(String region) {
        return (Ec2Client) clients.computeIfAbsent("ec2/" + region, k -> configure(Ec2Client.builder(), region).build());
    }

    @Override
    public ElasticLoadBalancingV2Client elbv2(String region) {
        return (ElasticLoadBalancingV2Client) clients.computeIfAbsent("elbv2/" + region,
                k -> configure(ElasticLoadBalancingV2Client.builder(), region).build());
    }

    @Override
    public ElasticLoadBalancingClient elb(String region) {
        return (ElasticLoadBalancingClient) clients.computeIfAbsent("elb/" + region,
                k -> configure(ElasticLoadBalancingClient.builder(), region).build());
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region) {
        builder.region(Region.of(region)).credentialsProvider(credentials);
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }

    @Override
    public void close() {
        clients.values().forEach(SdkAutoCloseable::close);
        clients.clear();
    }
}
