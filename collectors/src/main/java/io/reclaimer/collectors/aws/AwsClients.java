package io.reclaimer.collectors.aws;

import io.reclaimer.collectors.aws.AwsCollectorConfig.Account;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.LimitExceededException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds and caches the SDK clients of every account and region, all on one url-connection HTTP client,
 * all with the SDK's adaptive retry mode and, when configured, the endpoint override.
 */
final class AwsClients implements AutoCloseable {

    private static final String SESSION_NAME = "reclaimer-collector";

    private final AwsCollectorConfig config;
    private final AwsCredentialsProvider baseCredentials;
    private final AwsMetrics metrics;
    private final SdkHttpClient http;
    // guarded by this; creation may nest (a client needs the credentials of its account, which need STS)
    private final Map<String, Object> clients = new HashMap<>();
    private final List<SdkAutoCloseable> closeables = new ArrayList<>();

    AwsClients(AwsCollectorConfig config, AwsCredentialsProvider baseCredentials, AwsMetrics metrics) {
        this.config = config;
        this.baseCredentials = baseCredentials;
        this.metrics = metrics;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(config.apiCallAttemptTimeout())
                .build();
    }

    /** The credentials to call an account with: the base credentials, or a role assumed with them. */
    AwsCredentialsProvider credentials(Account account) {
        if (account.roleArn() == null) {
            return baseCredentials;
        }
        return cached("credentials/" + account.roleArn(), key -> {
            StsClient sts = sts(baseCredentials, "sts-base");
            StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(r -> r.roleArn(account.roleArn()).roleSessionName(SESSION_NAME)
                            .externalId(account.externalId()))
                    .build();
            register(provider);
            return provider;
        });
    }

    /** STS in the first configured region: used for AssumeRole and GetCallerIdentity only. */
    StsClient sts(AwsCredentialsProvider credentials, String cacheKey) {
        return cached(cacheKey, key -> build(StsClient.builder(), credentials, config.regions().get(0), null));
    }

    Ec2Client ec2(Account account, String region) {
        return cached("ec2/" + account.label() + '/' + region,
                key -> build(Ec2Client.builder(), credentials(account), region, null));
    }

    ElasticLoadBalancingV2Client elbv2(Account account, String region) {
        return cached("elbv2/" + account.label() + '/' + region,
                key -> build(ElasticLoadBalancingV2Client.builder(), credentials(account), region, null));
    }

    ElasticLoadBalancingClient elb(Account account, String region) {
        return cached("elb/" + account.label() + '/' + region,
                key -> build(ElasticLoadBalancingClient.builder(), credentials(account), region, null));
    }

    /** The Price List Query API, in the one region of its endpoint (prices of every region are asked there). */
    PricingClient pricing(Account account) {
        return cached("pricing/" + account.label(), key -> build(PricingClient.builder(), credentials(account),
                config.pricing().endpointRegion(), null));
    }

    /** Cost Explorer, with every HTTP request it sends counted: each successful one is billed. */
    CostExplorerClient costExplorer(Account account, String accountLabel) {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                metrics.costExplorerRequest(accountLabel, context.httpResponse().isSuccessful());
            }
        };
        return cached("ce/" + accountLabel, key -> build(CostExplorerClient.builder(), credentials(account),
                config.billing().region(), counter));
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T cached(String key, Function<String, T> create) {
        Object client = clients.get(key);
        if (client == null) {
            client = create.apply(key);
            clients.put(key, client);
        }
        return (T) client;
    }

    private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C extends SdkAutoCloseable> C build(
            B builder, AwsCredentialsProvider credentials, String region, ExecutionInterceptor interceptor) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy())
                .apiCallAttemptTimeout(config.apiCallAttemptTimeout());
        if (interceptor != null) {
            override.addExecutionInterceptor(interceptor);
        }
        builder.httpClient(http)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(override.build());
        if (config.endpointUrl() != null) {
            builder.endpointOverride(config.endpointUrl());
        }
        return register(builder.build());
    }

    /**
     * The SDK's adaptive retry strategy (what {@code RetryMode.ADAPTIVE_V2} selects: a client-side rate
     * limiter that slows down after throttling, plus exponential backoff), with our attempt count and
     * delays. Cost Explorer reports throttling as {@code LimitExceededException} ("Rate limit exceeded",
     * HTTP 400), a code the SDK does not know as throttling, so it is added here.
     */
    private AdaptiveRetryStrategy retryStrategy() {
        AwsCollectorConfig.Retry retry = config.retry();
        return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                .maxAttempts(retry.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(retry.baseDelay(), retry.maxBackoff()))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(retry.throttlingBaseDelay(), retry.maxBackoff()))
                .retryOnException(LimitExceededException.class)
                .treatAsThrottling(AwsClients::isThrottling)
                .build();
    }

    static boolean isThrottling(Throwable error) {
        return error instanceof LimitExceededException
                || error instanceof SdkException sdk && RetryUtils.isThrottlingException(sdk);
    }

    private synchronized <T extends SdkAutoCloseable> T register(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Override
    public synchronized void close() {
        // clients first, then the credential providers and STS clients they used, then the shared HTTP client
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
        clients.clear();
        http.close();
    }
}
