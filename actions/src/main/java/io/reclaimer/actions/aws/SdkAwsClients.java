package io.reclaimer.actions.aws;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.model.aws.AwsAccount;
import java.net.URI;
import java.util.List;
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
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * SDK v2 clients on the URL-connection HTTP client, per account and region, with the endpoint override of
 * {@code actions.aws.endpointOverride} for AWS-compatible servers and tests.
 *
 * <p>Accounts come from {@code aws.accounts}, the list the collector reads them with ({@link AwsAccount}): an
 * account with a role is reached by assuming its {@code actionsRoleArn} (else its {@code roleArn}) with the
 * default credentials, as the collector does; the account without a role is the default credentials' own. Before
 * the first call in an account, STS GetCallerIdentity proves the credentials are that account's (a role ARN with
 * a typo, default credentials of another account than configured); any other account is refused. Either way no
 * call reaches a resource in an account it was not priced in.
 */
public final class SdkAwsClients implements AwsClients {

    private static final String SESSION_NAME = "reclaimer-actions";

    private final URI endpointOverride;
    private final AwsCredentialsProvider base;
    private final List<AwsAccount> accounts;
    private final Map<String, SdkAutoCloseable> clients = new ConcurrentHashMap<>();
    private final Map<String, AwsCredentialsProvider> proven = new ConcurrentHashMap<>();
    private final Map<String, AwsCredentialsProvider> roles = new ConcurrentHashMap<>();
    /** The default credentials' own account, asked from STS once. */
    private volatile String defaultAccount;

    /** The default credentials' own account only. */
    public SdkAwsClients(ActionsConfig.Aws settings, AwsCredentialsProvider credentials) {
        this(settings, List.of(AwsAccount.callerIdentity()), credentials);
    }

    /**
     * @param accounts    the accounts Reclaimer may act in ({@code aws.accounts}); empty: the default credentials' own
     * @param credentials the default credentials (null: the SDK's default chain)
     */
    public SdkAwsClients(ActionsConfig.Aws settings, List<AwsAccount> accounts, AwsCredentialsProvider credentials) {
        this.endpointOverride = settings.endpointOverride();
        this.base = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
        this.accounts = accounts == null || accounts.isEmpty() ? List.of(AwsAccount.callerIdentity()) : List.copyOf(accounts);
    }

    @Override
    public Ec2Client ec2(String account, String region) throws ActionFailedException {
        AwsCredentialsProvider credentials = credentials(account, region);
        return (Ec2Client) clients.computeIfAbsent("ec2/" + account + "/" + region,
                k -> configure(Ec2Client.builder(), region, credentials).build());
    }

    @Override
    public ElasticLoadBalancingV2Client elbv2(String account, String region) throws ActionFailedException {
        AwsCredentialsProvider credentials = credentials(account, region);
        return (ElasticLoadBalancingV2Client) clients.computeIfAbsent("elbv2/" + account + "/" + region,
                k -> configure(ElasticLoadBalancingV2Client.builder(), region, credentials).build());
    }

    @Override
    public ElasticLoadBalancingClient elb(String account, String region) throws ActionFailedException {
        AwsCredentialsProvider credentials = credentials(account, region);
        return (ElasticLoadBalancingClient) clients.computeIfAbsent("elb/" + account + "/" + region,
                k -> configure(ElasticLoadBalancingClient.builder(), region, credentials).build());
    }

    /** Credentials proven to be {@code account}'s, or a refusal naming why there are none. */
    private AwsCredentialsProvider credentials(String account, String region) throws ActionFailedException {
        AwsCredentialsProvider known = proven.get(account);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = proven.get(account);
            if (known != null) {
                return known;
            }
            AwsAccount configured = accounts.stream().filter(a -> account.equals(a.id())).findFirst().orElse(null);
            AwsCredentialsProvider credentials;
            String how;
            if (configured != null && configured.roleToAct() != null) {
                credentials = assumed(configured, region);
                how = "role " + configured.roleToAct();
            } else if (configured != null || accounts.stream().anyMatch(a -> a.id() == null)
                    && account.equals(defaultAccount(region))) {
                credentials = base;
                how = "the default credentials";
            } else {
                throw new ActionFailedException("account " + account + " is not one of aws.accounts " + configuredIds()
                        + (defaultAccount == null ? "" : " and the default credentials are account " + defaultAccount)
                        + ": Reclaimer has no credentials to act in it, nothing was done");
            }
            String actual = callerAccount(credentials, region);
            if (!account.equals(actual)) {
                throw new ActionFailedException("the credentials for account " + account + " (" + how + ") belong to account "
                        + actual + ": nothing was done; fix aws.accounts");
            }
            proven.put(account, credentials);
            return credentials;
        }
    }

    private List<String> configuredIds() {
        return accounts.stream().map(AwsAccount::label).toList();
    }

    private String defaultAccount(String region) {
        if (defaultAccount == null) {
            defaultAccount = callerAccount(base, region);
        }
        return defaultAccount;
    }

    private String callerAccount(AwsCredentialsProvider credentials, String region) {
        StsClient sts = configure(StsClient.builder(), region, credentials).build();
        try (sts) {
            return sts.getCallerIdentity().account();
        }
    }

    private AwsCredentialsProvider assumed(AwsAccount account, String region) {
        return roles.computeIfAbsent(account.roleToAct(), role -> {
            StsClient sts = (StsClient) clients.computeIfAbsent("sts-base/" + region,
                    k -> configure(StsClient.builder(), region, base).build());
            StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(role).roleSessionName(SESSION_NAME).externalId(account.externalId()))
                    .build();
            clients.put("role/" + role, provider);
            return provider;
        });
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, AwsCredentialsProvider credentials) {
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
        proven.clear();
        roles.clear();
    }
}
