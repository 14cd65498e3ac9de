package io.reclaimer.actions.aws;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.reclaimer.model.labels.ReclaimerLabels;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.ActionAbortedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class AwsExecutorsTest {

    private final FakeAws fake;
    private final SdkAwsClients aws;

    AwsExecutorsTest() throws Exception {
        fake = new FakeAws();
        aws = new SdkAwsClients(new ActionsConfig.Aws(fake.endpoint(), null, null),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    /** Every API call the executors made in this class, to check the IAM policy against. */
    private static final java.util.Set<String> CALLS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Set<String> ELB = java.util.Set.of("DescribeLoadBalancers", "DescribeTargetGroups",
            "DescribeTargetHealth", "DescribeInstanceHealth", "DeleteLoadBalancer");

    @AfterEach
    void close() {
        fake.actions().forEach(a -> CALLS.add((ELB.contains(a) ? "elasticloadbalancing:" : "ec2:") + a));
        aws.close();
        fake.close();
    }

    @org.junit.jupiter.api.AfterAll
    static void theIamPolicyAllowsEveryCallTheExecutorsMake() throws Exception {
        String policy = java.nio.file.Files.readString(java.nio.file.Path.of("..", "deploy", "aws", "actions-iam-policy.json"));
        assertThat(CALLS).isNotEmpty().allSatisfy(call -> assertThat(policy).contains("\"" + call + "\""));
    }

    private VolumeDeleteExecutor volumes() {
        return new VolumeDeleteExecutor(aws, Duration.ofMillis(10), Duration.ofSeconds(10));
    }

    private static ActionRequest delete(FindingKind kind, String resourceId, Map<String, String> current) {
        return new ActionRequest("delete-" + resourceId, ActionType.DELETE, "f", kind,
                "aws/123456789012/eu-west-1/" + resourceId, "", "", "123456789012", "eu-west-1", current,
                Map.of("state", "deleted", "snapshot", "true"), 8, null, verdict(Outcome.AUTO, Map.of()), T0);
    }

    @Test
    void deletesVolumeOnlyAfterSnapshotCompletes() throws Exception {
        fake.volume("vol-0abc", "available", Map.of("Name", "old-data", "team", "analytics"));
        ActionRequest request = delete(FindingKind.UNATTACHED_VOLUME, "vol-0abc", Map.of("state", "available"));

        Check check = volumes().check(request);
        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
        assertThat(check.previousState()).containsEntry("availabilityZone", "eu-west-1b").containsEntry("volumeType", "gp3")
                .containsEntry("sizeGib", "100").containsEntry("iops", "3000").containsEntry("throughputMibps", "250")
                .containsEntry("tag:Name", "old-data");
        Map<String, String> after = volumes().apply(request, check);

        List<String> actions = fake.actions();
        assertThat(actions).containsSubsequence("CreateSnapshot", "DescribeSnapshots", "DescribeSnapshots",
                "DescribeVolumes", "DeleteVolume");
        assertThat(fake.calls).filteredOn(c -> c.startsWith("DescribeSnapshots SnapshotId.1")).hasSize(2);
        String snapshot = after.get("snapshotId");
        assertThat(fake.snapshots.get(snapshot)).containsEntry("state", "completed");
        assertThat(fake.tags.get(snapshot)).containsEntry(ReclaimerLabels.ACTION_ID_TAG, request.actionId())
                .containsEntry(ReclaimerLabels.SOURCE_VOLUME_TAG, "vol-0abc").containsEntry("team", "analytics");
        assertThat(fake.volumes).doesNotContainKey("vol-0abc");
        assertThat(volumes().check(request).state()).as("a restart finds it done").isEqualTo(Check.State.DONE);
    }

    @Test
    void aSecondAttemptReusesTheActionsSnapshotInsteadOfTakingAnother() throws Exception {
        fake.volume("vol-0abc", "available", Map.of());
        ActionRequest request = delete(FindingKind.UNATTACHED_VOLUME, "vol-0abc", Map.of("state", "available"));
        Check check = volumes().check(request);
        fake.onSnapshotCompleted = () -> fake.volumes.get("vol-0abc").put("state", "in-use");
        assertThatThrownBy(() -> volumes().apply(request, check)).isInstanceOf(ActionAbortedException.class)
                .hasMessageContaining("the volume became in-use while snapshot").hasMessageContaining("not deleted");
        assertThat(fake.volumes).containsKey("vol-0abc");

        fake.volumes.get("vol-0abc").put("state", "available");
        volumes().apply(request, volumes().check(request));
        assertThat(fake.actions()).filteredOn("CreateSnapshot"::equals).hasSize(1);
        assertThat(fake.volumes).doesNotContainKey("vol-0abc");
    }

    @Test
    void aVolumeAttachedAgainIsNotTouched() throws Exception {
        fake.volume("vol-0abc", "in-use", Map.of());
        fake.volumes.get("vol-0abc").put("instance", "i-0123");
        Check check = volumes().check(delete(FindingKind.UNATTACHED_VOLUME, "vol-0abc", Map.of()));
        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).isEqualTo("the volume is in-use (attached to i-0123)");
        assertThat(fake.actions()).containsExactly("DescribeVolumes");
    }

    @Test
    void aVolumeGoneWithoutOurSnapshotWasDeletedBysomeoneElse() throws Exception {
        Check check = volumes().check(delete(FindingKind.UNATTACHED_VOLUME, "vol-0gone", Map.of()));
        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).contains("this action took no snapshot of it");
    }

    @Test
    void rollbackRestoresTheVolumeFromItsSnapshotInTheSameZoneWithTheSameTypeSizeAndTags() throws Exception {
        fake.volume("vol-0abc", "available", Map.of("Name", "old-data"));
        ActionRequest request = delete(FindingKind.UNATTACHED_VOLUME, "vol-0abc", Map.of());
        Check check = volumes().check(request);
        Map<String, String> after = volumes().apply(request, check);
        ActionResult executed = new ActionResult(request.actionId(), ActionResult.Status.EXECUTED, "", check.previousState(),
                after, T0);

        assertThat(volumes().checkRollback(request, executed).state()).isEqualTo(Check.State.ORIGINAL);
        Map<String, String> restored = volumes().rollback(request, executed);

        String volumeId = restored.get("volumeId");
        assertThat(fake.calls).filteredOn(c -> c.startsWith("CreateVolume")).singleElement().asString()
                .contains("AvailabilityZone=eu-west-1b", "SnapshotId=" + after.get("snapshotId"), "VolumeType=gp3",
                        "Size=100", "Iops=3000", "Throughput=250");
        assertThat(fake.tags.get(volumeId)).containsEntry("Name", "old-data")
                .containsEntry(ReclaimerLabels.RESTORED_FROM_TAG, request.actionId());
        assertThat(volumes().checkRollback(request, executed).state()).as("restored once").isEqualTo(Check.State.DONE);
    }

    @Test
    void releasesAnUnassociatedAddressAndRecoversItOnRollback() throws Exception {
        fake.address("eipalloc-1", "203.0.113.10", null);
        fake.address("eipalloc-2", "203.0.113.11", "i-0123");
        AddressReleaseExecutor executor = new AddressReleaseExecutor(aws);
        ActionRequest request = delete(FindingKind.UNASSOCIATED_ADDRESS, "eipalloc-1", Map.of());

        assertThat(executor.check(delete(FindingKind.UNASSOCIATED_ADDRESS, "eipalloc-2", Map.of())).reason())
                .isEqualTo("the address is associated with i-0123");
        Check check = executor.check(request);
        Map<String, String> after = executor.apply(request, check);
        assertThat(fake.addresses).doesNotContainKey("eipalloc-1");
        assertThat(executor.check(request).state()).isEqualTo(Check.State.DONE);

        ActionResult executed = new ActionResult(request.actionId(), ActionResult.Status.EXECUTED, "", check.previousState(),
                after, T0);
        Map<String, String> recovered = executor.rollback(request, executed);
        assertThat(recovered).containsEntry("publicIp", "203.0.113.10");
        assertThat(fake.tags.get(recovered.get("allocationId"))).containsEntry("team", "web");
        assertThat(executor.checkRollback(request, executed).state()).isEqualTo(Check.State.DONE);
    }

    @Test
    void deletesALoadBalancerOnlyWhileItHasNoHealthyTarget() throws Exception {
        fake.loadBalancer("idle-web", 0);
        fake.loadBalancer("busy-web", 2);
        LoadBalancerDeleteExecutor executor = new LoadBalancerDeleteExecutor(aws);
        ActionRequest idle = delete(FindingKind.IDLE_LOAD_BALANCER, "app/idle-web/50dc6c495c0c9188",
                Map.of("type", "application"));
        ActionRequest busy = delete(FindingKind.IDLE_LOAD_BALANCER, "app/busy-web/50dc6c495c0c9188",
                Map.of("type", "application", "name", "busy-web"));

        assertThat(executor.check(busy).reason()).isEqualTo("2 healthy target(s) behind it now");
        Check check = executor.check(idle);
        assertThat(check.previousState()).containsEntry("name", "idle-web").containsEntry("type", "application");
        executor.apply(idle, check);
        assertThat(fake.loadBalancers).containsOnlyKeys("busy-web");
        assertThat(fake.calls).filteredOn(c -> c.startsWith("DeleteLoadBalancer")).singleElement().asString()
                .contains("LoadBalancerArn=arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/idle-web/");
        assertThat(executor.check(idle).state()).isEqualTo(Check.State.DONE);
        assertThat(executor.reversible(idle)).isFalse();
    }

    @Test
    void marksAndUnmarksWithTags() throws Exception {
        fake.volume("vol-0abc", "available", Map.of());
        AwsMarkExecutor executor = new AwsMarkExecutor(aws);
        ActionRequest mark = new ActionRequest("mark-1", ActionType.MARK_FOR_OP, "f", FindingKind.UNATTACHED_VOLUME,
                "aws/123456789012/eu-west-1/vol-0abc", "", "", "123456789012", "eu-west-1", Map.of("mark", "none"),
                Map.of("markKey", "reclaimer:marked-for-op", "markValue", "2026-11-20T10:00:00Z"), 8, null,
                verdict(Outcome.AUTO, Map.of()), T0);
        Check check = executor.check(mark);
        Map<String, String> after = executor.apply(mark, check);
        assertThat(fake.tags.get("vol-0abc")).containsEntry("reclaimer:marked-for-op", "2026-11-20T10:00:00Z");
        assertThat(executor.check(mark).state()).isEqualTo(Check.State.DONE);
        executor.rollback(mark, new ActionResult("mark-1", ActionResult.Status.EXECUTED, "", Map.of(), after, T0));
        assertThat(fake.tags.get("vol-0abc")).doesNotContainKey("reclaimer:marked-for-op");
    }
}
