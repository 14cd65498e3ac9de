package io.reclaimer.collectors.aws.inventory;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.RecordingSink;
import io.reclaimer.collectors.aws.ReplayConfigs;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replays AWS's documented EC2 / ELBv2 / classic ELB responses (two pages each where AWS paginates). */
class InventoryListingTest {

    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private AwsReplayServer aws;
    private Map<String, CloudResource> inventory;

    @BeforeEach
    void collectOnce() {
        aws = AwsReplayServer.fromClasspath("aws/inventory");
        try (AwsCollector collector = AwsCollector.create(
                ReplayConfigs.inventoryOnly(aws.endpoint(), List.of(ReplayConfigs.account(ACCOUNT)), "us-east-1"),
                TEST_CREDENTIALS, topics, new PrometheusRegistry(), PriorState.empty(), CLOCK)) {
            AwsCollector.Summary summary = collector.collectOnce(sink);
            assertThat(summary.errors()).isZero();
        }
        inventory = sink.latest(topics.cloudInventory());
        assertThat(aws.unmatched()).isEmpty();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void followsNextTokenThroughEveryPageOfVolumesAndSnapshots() {
        List<AwsReplayServer.Request> volumes = aws.requests("ec2", "DescribeVolumes");
        assertThat(volumes).hasSize(2);
        assertThat(volumes.get(0).param("NextToken")).isNull();
        assertThat(volumes.get(1).param("NextToken")).isEqualTo("eyJ2IjoiMiIsImMiOiJ2b2wtMGExYjJjM2Q0ZTVmNjAwMDEifQ==");
        assertThat(inventory).containsKeys("aws/123456789012/us-east-1/vol-049df61146c4d7901",
                "aws/123456789012/us-east-1/vol-0a1b2c3d4e5f60001", "aws/123456789012/us-east-1/vol-0b9f8e7d6c5b40002");

        List<AwsReplayServer.Request> snapshots = aws.requests("ec2", "DescribeSnapshots");
        assertThat(snapshots).hasSize(2);
        assertThat(snapshots.get(1).param("NextToken")).isEqualTo("eyJ2IjoiMSIsImMiOiJzbmFwLTA2Njg3NzY3MTc4OWJkNzFiIn0=");
    }

    @Test
    void readsVolumeStateSizeTypeProvisionedPerformanceAttachmentsAndTags() {
        EbsVolume detached = (EbsVolume) inventory.get("aws/123456789012/us-east-1/vol-0a1b2c3d4e5f60001");
        assertThat(detached.isAvailable()).isTrue();
        assertThat(detached.sizeGib()).isEqualTo(500);
        assertThat(detached.volumeType()).isEqualTo("gp3");
        assertThat(detached.iops()).isEqualTo(6000);
        assertThat(detached.throughputMibps()).isEqualTo(250);
        assertThat(detached.attachments()).isEmpty();
        assertThat(detached.snapshotId()).isEqualTo("snap-066877671789bd71b");
        assertThat(detached.createdAt()).isEqualTo(Instant.parse("2025-03-02T08:15:42.512Z"));
        assertThat(detached.tags()).containsEntry("team", "payments")
                .containsEntry("kubernetes.io/created-for/pvc/name", "data-postgres-0");
        assertThat(detached.observedAt()).isEqualTo(CLOCK.instant());

        EbsVolume root = (EbsVolume) inventory.get("aws/123456789012/us-east-1/vol-049df61146c4d7901");
        assertThat(root.state()).isEqualTo("in-use");
        assertThat(root.iops()).as("gp2 IOPS are a baseline, not provisioned").isNull();
        assertThat(root.attachments()).containsExactly(new EbsVolume.Attachment("i-1234567890abcdef0", "/dev/xvda",
                "attached", Instant.parse("2025-06-18T22:35:01Z")));
    }

    @Test
    void readsElasticIpsWithAndWithoutAssociation() {
        ElasticIp associated = (ElasticIp) inventory.get("aws/123456789012/us-east-1/eipalloc-08229861");
        assertThat(associated.isAssociated()).isTrue();
        assertThat(associated.associationId()).isEqualTo("eipassoc-f0229899");
        assertThat(associated.instanceId()).isEqualTo("i-1234567890abcdef0");

        ElasticIp idle = (ElasticIp) inventory.get("aws/123456789012/us-east-1/eipalloc-0a0b0c0d0e0f00003");
        assertThat(idle.isAssociated()).isFalse();
        assertThat(idle.publicIp()).isEqualTo("198.51.100.7");
        assertThat(idle.tags()).containsEntry("Name", "old-bastion");
    }

    @Test
    void listsOnlySnapshotsOwnedByTheAccount() {
        assertThat(aws.requests("ec2", "DescribeSnapshots")).allSatisfy(r -> assertThat(r.param("Owner.1")).isEqualTo("self"));
        EbsSnapshot backup = (EbsSnapshot) inventory.get("aws/123456789012/us-east-1/snap-066877671789bd71b");
        assertThat(backup.sourceVolumeId()).isEqualTo("vol-0a1b2c3d4e5f60001");
        assertThat(backup.sizeGib()).isEqualTo(500);
        assertThat(backup.startedAt()).isEqualTo(Instant.parse("2025-02-28T21:28:32Z"));
        assertThat(backup.state()).isEqualTo("completed");
        EbsSnapshot archived = (EbsSnapshot) inventory.get("aws/123456789012/us-east-1/snap-0c7e2a1b3d4f50004");
        assertThat(archived.storageTier()).isEqualTo("archive");
    }

    @Test
    void recordsWhichSnapshotsBackTheAccountsOwnAmis() {
        assertThat(aws.requests("ec2", "DescribeImages")).singleElement()
                .satisfies(r -> assertThat(r.param("Owner.1")).isEqualTo("self"));
        EbsSnapshot copied = (EbsSnapshot) inventory.get("aws/123456789012/us-east-1/snap-0c7e2a1b3d4f50004");
        assertThat(copied.imageIds()).containsExactly("ami-0abcdef1234567890");
        assertThat(copied.backsAnImage()).isTrue();
        EbsSnapshot backup = (EbsSnapshot) inventory.get("aws/123456789012/us-east-1/snap-066877671789bd71b");
        assertThat(backup.imagesKnown()).isTrue();
        assertThat(backup.backsAnImage()).as("known to back no AMI").isFalse();
    }

    @Test
    void keepsStoppedInstancesWithTheirVolumesAndWhenTheyStoppedButDropsTerminatedOnes() {
        Ec2Instance stopped = (Ec2Instance) inventory.get("aws/123456789012/us-east-1/i-0598c7d356eba48d7");
        assertThat(stopped.isStopped()).isTrue();
        assertThat(stopped.instanceType()).isEqualTo("r5.2xlarge");
        assertThat(stopped.stateChangedAt()).isEqualTo(Instant.parse("2025-10-02T14:03:27Z"));
        assertThat(stopped.volumeIds()).containsExactly("vol-0b9f8e7d6c5b40002");

        Ec2Instance running = (Ec2Instance) inventory.get("aws/123456789012/us-east-1/i-1234567890abcdef0");
        assertThat(running.stateChangedAt()).isEqualTo(running.launchedAt());
        assertThat(running.tags()).containsEntry("eks:cluster-name", "prod-eu");

        assertThat(inventory).doesNotContainKey("aws/123456789012/us-east-1/i-0fedcba9876543210");
    }

    @Test
    void followsMarkersThroughLoadBalancersAndCountsHealthyTargetsPerTargetGroup() {
        assertThat(aws.requests("elbv2", "DescribeLoadBalancers")).extracting(r -> r.param("Marker"))
                .containsExactly(null, "bXktbG9hZC1iYWxhbmNlcg==");
        LoadBalancer alb = (LoadBalancer) inventory.get(
                "aws/123456789012/us-east-1/app/my-load-balancer/50dc6c495c0c9188");
        assertThat(alb.type()).isEqualTo("application");
        assertThat(alb.name()).isEqualTo("my-load-balancer");
        assertThat(alb.dnsName()).isEqualTo("my-load-balancer-424835706.us-east-1.elb.amazonaws.com");
        assertThat(alb.targetGroups()).containsExactly(new LoadBalancer.TargetGroup(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067", 2, 1));
        assertThat(alb.tags()).containsEntry("project", "lima").containsEntry("department", "digital-media");

        LoadBalancer nlb = (LoadBalancer) inventory.get("aws/123456789012/us-east-1/net/idle-nlb/a1b2c3d4e5f60718");
        assertThat(nlb.type()).isEqualTo("network");
        assertThat(nlb.registeredTargets()).isZero();
        assertThat(nlb.tags()).containsEntry("elbv2.k8s.aws/cluster", "prod-eu");

        // the target group behind no load balancer is not worth a DescribeTargetHealth call
        assertThat(aws.requests("elbv2", "DescribeTargetHealth")).extracting(r -> r.param("TargetGroupArn")).containsExactly(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/idle-tcp/0b1c2d3e4f5a6b7c");
        assertThat(aws.requests("elbv2", "DescribeTags")).singleElement()
                .satisfies(r -> assertThat(r.params()).containsKeys("ResourceArns.member.1", "ResourceArns.member.2"));
    }

    @Test
    void readsClassicLoadBalancersWithTheirInstanceHealth() {
        assertThat(aws.requests("elb", "DescribeLoadBalancers")).extracting(r -> r.param("Marker"))
                .containsExactly(null, "bXktbG9hZC1iYWxhbmNlcg==");
        LoadBalancer classic = (LoadBalancer) inventory.get("aws/123456789012/us-east-1/my-load-balancer");
        assertThat(classic.type()).isEqualTo("classic");
        assertThat(classic.registeredTargets()).isEqualTo(2);
        assertThat(classic.healthyTargets()).isEqualTo(1);
        assertThat(classic.createdAt()).isEqualTo(Instant.parse("2015-03-19T03:24:02.650Z"));
        assertThat(classic.tags()).containsEntry("project", "lima");

        LoadBalancer empty = (LoadBalancer) inventory.get("aws/123456789012/us-east-1/legacy-empty");
        assertThat(empty.registeredTargets()).isZero();
        assertThat(aws.requests("elb", "DescribeInstanceHealth")).extracting(r -> r.param("LoadBalancerName"))
                .containsExactly("my-load-balancer", "legacy-empty");
    }

    @Test
    void emitsEveryResourceOnceOnTheInventoryTopicKeyedByItsRef() {
        assertThat(sink.all()).allSatisfy(e -> assertThat(e.topic()).isEqualTo(topics.cloudInventory().name()));
        assertThat(sink.all()).hasSize(inventory.size());
        assertThat(inventory).hasSize(3 + 2 + 2 + 2 + 2 + 2);
        inventory.forEach((key, resource) -> assertThat(resource.ref().key()).isEqualTo(key));
        assertThat(sink.flushes()).isPositive();
    }
}
