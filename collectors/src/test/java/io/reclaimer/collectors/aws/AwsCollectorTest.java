package io.reclaimer.collectors.aws;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two accounts (the second through an assumed role) in two regions, one of which a service control
 * policy denies: replayed from aws/regions.
 */
class AwsCollectorTest {

    private static final String MEMBER = "210987654321";
    private static final String ROLE = "arn:aws:iam::210987654321:role/reclaimer-collector";
    private static final String IN_DENIED_REGION = "aws/123456789012/eu-west-1/vol-0eu0000000000001";
    private static final String GONE_WHILE_DOWN = "aws/123456789012/us-east-1/vol-0gone000000000001";

    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private AwsReplayServer aws;
    private AwsCollector collector;

    @BeforeEach
    void start() {
        aws = AwsReplayServer.fromClasspath("aws/regions").account("ASIAIOSFODNN7EXAMPLE", "account-b");
        AwsCollectorConfig config = ReplayConfigs.inventoryOnly(aws.endpoint(), List.of(ReplayConfigs.account(ACCOUNT),
                new AwsCollectorConfig.Account(null, ROLE, "reclaimer-external-id", null)), "us-east-1", "eu-west-1");
        // what an earlier run left on the compacted inventory topic
        PriorState prior = new PriorState() {
            @Override
            public Collection<BillingLine> billingLines() {
                return List.of();
            }

            @Override
            public Set<String> liveInventoryKeys() {
                return Set.of(IN_DENIED_REGION, GONE_WHILE_DOWN);
            }
        };
        collector = AwsCollector.create(config, TEST_CREDENTIALS, topics, registry, prior, CLOCK);
    }

    @AfterEach
    void stop() {
        collector.close();
        aws.close();
    }

    @Test
    void oneDeniedRegionIsReportedWhileTheOtherRegionsAndAccountsAreCollected() {
        AwsCollector.Summary summary = collector.collectOnce(sink);

        Map<String, CloudResource> inventory = sink.latest(topics.cloudInventory());
        assertThat(inventory).containsKeys("aws/123456789012/us-east-1/vol-0aaaaaaaaaaaaaaa1",
                "aws/123456789012/us-east-1/vol-0bbbbbbbbbbbbbbb2", "aws/210987654321/us-east-1/i-0b2c4d6e8f0a1b3c5");
        // five EC2 listings (volumes, addresses, images, snapshots, instances), ELBv2 and classic ELB, in each account
        assertThat(summary.errors()).isEqualTo(14);
        assertThat(collector.metrics().collectionErrors(ACCOUNT, "eu-west-1", "ec2")).isEqualTo(5);
        assertThat(collector.metrics().collectionErrors(ACCOUNT, "eu-west-1", "elbv2")).isEqualTo(1);
        assertThat(collector.metrics().collectionErrors(ACCOUNT, "eu-west-1", "elb")).isEqualTo(1);
        assertThat(collector.metrics().collectionErrors(MEMBER, "eu-west-1", "ec2")).isEqualTo(5);
        assertThat(collector.metrics().collectionErrors(ACCOUNT, "us-east-1", "ec2")).isZero();
        assertThat(aws.unmatched()).isEmpty();
    }

    @Test
    void neverTombstonesWhatItCouldNotListButTombstonesWhatVanishedWhileItWasDown() {
        collector.collectOnce(sink);

        assertThat(sink.tombstones(topics.cloudInventory())).containsExactly(GONE_WHILE_DOWN);
        assertThat(sink.tombstones(topics.cloudInventory())).doesNotContain(IN_DENIED_REGION);
    }

    @Test
    void tombstonesAVolumeThatIsGoneFromTheNextCompleteListing() {
        collector.collectOnce(sink);
        sink.clear();

        AwsCollector.Summary second = collector.collectOnce(sink);

        assertThat(sink.tombstones(topics.cloudInventory())).containsExactly("aws/123456789012/us-east-1/vol-0bbbbbbbbbbbbbbb2");
        assertThat(sink.latest(topics.cloudInventory())).containsKey("aws/123456789012/us-east-1/vol-0aaaaaaaaaaaaaaa1");
        assertThat(second.tombstones()).isEqualTo(1);
        assertThat(collector.metrics().collectionErrors(ACCOUNT, "us-east-1", "ec2")).isZero();
    }

    @Test
    void runsUntilStoppedAndReturnsPromptlyWhenTheStopSignalComes() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread running = new Thread(() -> {
            try {
                collector.run(sink, stop);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "aws-collector-run");
        running.start();

        await().atMost(Duration.ofMinutes(5)).until(() -> sink.latest(topics.cloudInventory()).size() == 3);
        stop.countDown();
        running.join(Duration.ofSeconds(10).toMillis());

        assertThat(running.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        // the next listing is 15 minutes away: one pass happened, in each account
        assertThat(aws.requests("ec2", "DescribeVolumes")).filteredOn(r -> r.region().equals("us-east-1")).hasSize(2);
    }

    @Test
    void collectsAMemberAccountThroughItsAssumedRole() {
        collector.collectOnce(sink);

        AwsReplayServer.Request assumeRole = aws.requests("sts", "AssumeRole").get(0);
        assertThat(assumeRole.param("RoleArn")).isEqualTo(ROLE);
        assertThat(assumeRole.param("ExternalId")).isEqualTo("reclaimer-external-id");
        assertThat(assumeRole.param("RoleSessionName")).isEqualTo("reclaimer-collector");
        assertThat(assumeRole.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        // one role session serves both regions and both passes
        collector.collectOnce(sink);
        assertThat(aws.requests("sts", "AssumeRole")).hasSize(1);

        assertThat(aws.requests("ec2", "DescribeInstances")).filteredOn(r -> r.accessKeyId().equals("ASIAIOSFODNN7EXAMPLE"))
                .extracting(AwsReplayServer.Request::region).containsExactly("us-east-1", "eu-west-1", "us-east-1", "eu-west-1");
        Ec2Instance stopped = (Ec2Instance) sink.latest(topics.cloudInventory()).get("aws/210987654321/us-east-1/i-0b2c4d6e8f0a1b3c5");
        assertThat(stopped.isStopped()).isTrue();
        assertThat(stopped.stateChangedAt()).isEqualTo(Instant.parse("2025-08-30T18:22:05Z"));
    }
}
