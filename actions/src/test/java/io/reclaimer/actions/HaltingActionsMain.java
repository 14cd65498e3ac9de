package io.reclaimer.actions;

import static io.reclaimer.actions.support.Fixtures.verdict;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.reclaimer.actions.aws.AwsClients;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.topics.Topics;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeleteVolumeRequest;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;

/**
 * The actions service in a child JVM, under a policy that deletes automatically, killed the hard way
 * ({@link Runtime#halt}: no shutdown hooks, no flush, no close) the moment it is about to send a destructive
 * call: {@code DeleteVolume} (after the snapshot completed), {@code DeleteLoadBalancer}, or the Kubernetes
 * {@code DELETE} of a PersistentVolumeClaim (after its volume was set to Retain). Nothing of the call leaves
 * the process. Used by {@link WithdrawnAfterCrashIT}.
 *
 * <p>Arguments: bootstrap servers, topic namespace, transactional id, Kubernetes master URL or {@code -},
 * AWS endpoint or {@code -}, and the call to die on: {@code DeleteVolume}, {@code DeleteLoadBalancer} or
 * {@code DeletePersistentVolumeClaim}.
 */
public final class HaltingActionsMain {

    public static final int HALT_STATUS = 87;

    private HaltingActionsMain() {
    }

    private static void halt(String what) {
        System.out.println("halting before " + what);
        System.out.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }

    public static void main(String[] args) throws Exception {
        Topics topics = Topics.namespace(args[1]);
        String dieOn = args[5];
        KubernetesClient client = "-".equals(args[3]) ? null : new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(args[3]).withTrustCerts(true).build())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("halt", new Interceptor() {
                    @Override
                    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        if ("DeletePersistentVolumeClaim".equals(dieOn) && "DELETE".equals(request.method())
                                && request.uri().getPath().contains("/persistentvolumeclaims/")) {
                            halt(request.method() + " " + request.uri().getPath());
                        }
                    }
                })).build();
        AwsClients aws = "-".equals(args[4]) ? null : new HaltingAws(URI.create(args[4]), dieOn);
        ActionsConfig config = new ActionsConfig(null, false, null, null, Duration.ofMillis(200), null,
                Duration.ofMillis(500), args[2], null, null, null, new ActionsConfig.Aws(null, Duration.ofMillis(50),
                Duration.ofMinutes(2)));
        Instant now = Instant.now();
        ActionsService.builder(io.reclaimer.model.kafka.KafkaClientSettings.of(args[0]), topics, config)
                .gate(Fixtures.gate(f -> verdict(now, Outcome.AUTO, Map.of("snapshot", "true"))))
                .kubernetes(client == null ? null : cluster -> client)
                .aws(aws)
                .start();
        Thread.sleep(Duration.ofMinutes(4).toMillis());
        System.out.println("the destructive call " + dieOn + " was never made");
        Runtime.getRuntime().halt(1);
    }

    /** SDK clients on the local AWS server that die right before transmitting the destructive call. */
    private static final class HaltingAws implements AwsClients {
        private final Ec2Client ec2;
        private final ElasticLoadBalancingV2Client elbv2;
        private final ElasticLoadBalancingClient elb;

        HaltingAws(URI endpoint, String dieOn) {
            ExecutionInterceptor halting = new ExecutionInterceptor() {
                @Override
                public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                    if (context.request() instanceof DeleteVolumeRequest && "DeleteVolume".equals(dieOn)
                            || context.request() instanceof DeleteLoadBalancerRequest && "DeleteLoadBalancer".equals(dieOn)) {
                        halt(context.request().getClass().getSimpleName());
                    }
                }
            };
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
            ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(halting)).build();
            elbv2 = ElasticLoadBalancingV2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(halting)).build();
            elb = ElasticLoadBalancingClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(halting)).build();
        }

        @Override
        public Ec2Client ec2(String account, String region) throws ActionFailedException {
            return only(account, ec2);
        }

        @Override
        public ElasticLoadBalancingV2Client elbv2(String account, String region) throws ActionFailedException {
            return only(account, elbv2);
        }

        @Override
        public ElasticLoadBalancingClient elb(String account, String region) throws ActionFailedException {
            return only(account, elb);
        }

        /** The local AWS server's one account, as the production clients would refuse any other. */
        private static <T> T only(String account, T client) throws ActionFailedException {
            if (!io.reclaimer.testkit.aws.FakeAws.ACCOUNT.equals(account)) {
                throw new ActionFailedException("account " + account + " is not the test account");
            }
            return client;
        }

        @Override
        public void close() {
            ec2.close();
            elbv2.close();
            elb.close();
        }
    }
}
