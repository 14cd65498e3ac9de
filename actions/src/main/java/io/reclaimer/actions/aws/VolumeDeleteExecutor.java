package io.reclaimer.actions.aws;

import static io.reclaimer.actions.aws.AwsTargets.putIfPresent;
import static io.reclaimer.model.labels.ReclaimerLabels.ACTION_ID_TAG;
import static io.reclaimer.model.labels.ReclaimerLabels.RESTORED_FROM_TAG;
import static io.reclaimer.model.labels.ReclaimerLabels.SOURCE_VOLUME_TAG;

import io.reclaimer.actions.execution.ActionAbortedException;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.Confirmation;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.CreateVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Deletes an unattached EBS volume, but only after a snapshot of it has completed. The snapshot carries the
 * action id (tag {@value io.reclaimer.model.labels.ReclaimerLabels#ACTION_ID_TAG}), which makes the delete
 * idempotent across crashes: a second attempt finds and reuses the snapshot instead of taking another, and a restart that finds the
 * volume gone and the snapshot there knows the delete was this action's. The volume is checked again after
 * the snapshot completed (which can take long): attached meanwhile → nothing is deleted.
 *
 * <p>Rollback creates a volume from the snapshot in the same availability zone with the same type, size,
 * IOPS, throughput and tags, plus {@code reclaimer:restored-from-action}: a person undid the delete, so no policy
 * deletes the restored volume again until a person removes that tag (and this executor refuses to).
 *
 * <p>The volume deleted is exactly the one priced, in its own account: the client is the target account's
 * ({@link AwsClients}), the id is the finding's, and a volume carrying the rollback mark is never deleted.
 */
public final class VolumeDeleteExecutor implements ActionExecutor {

    static final String SNAPSHOT_ID = "snapshotId";

    private final AwsClients aws;
    private final Duration pollInterval;
    private final Duration timeout;

    public VolumeDeleteExecutor(AwsClients aws, Duration pollInterval, Duration timeout) {
        this.aws = aws;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.DELETE && kind == FindingKind.UNATTACHED_VOLUME;
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return ActionParameters.snapshotFirst(request.proposedState());
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        return AwsTargets.checking(() -> checkTarget(request));
    }

    private Check checkTarget(ActionRequest request) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        Ec2Client ec2 = AwsTargets.ec2(aws, ref);
        Optional<Volume> volume = describe(ec2, ref.resourceId());
        if (volume.isEmpty()) {
            Optional<Snapshot> snapshot = snapshotOf(ec2, request.actionId());
            if (snapshot.isPresent() && snapshot.get().state() == SnapshotState.COMPLETED) {
                return Check.done("the volume is deleted and snapshot " + snapshot.get().snapshotId() + " of it exists",
                        Map.of("state", "deleted", SNAPSHOT_ID, snapshot.get().snapshotId()));
            }
            return Check.changed("the volume no longer exists and this action took no snapshot of it: deleted outside Reclaimer");
        }
        Volume v = volume.get();
        TargetIdentity.Aws expected = AwsTargets.expected(request, ref, TargetIdentity.Aws.EBS_VOLUME);
        Optional<String> other = AwsTargets.notPriced(request, expected, TargetIdentity.Aws.of(
                CloudResourceRef.aws(ref.account(), ref.region(), v.volumeId()), TargetIdentity.Aws.EBS_VOLUME));
        if (other.isPresent()) {
            return Check.changed(other.get(), Map.of("volumeId", v.volumeId()));
        }
        Optional<String> restored = AwsTargets.restored(v.tags());
        if (restored.isPresent()) {
            return Check.changed(restored.get(), Map.of("state", v.stateAsString()));
        }
        if (!EbsVolume.unattached(v.stateAsString())) {
            String attachedTo = v.hasAttachments() && !v.attachments().isEmpty() ? " (attached to "
                    + v.attachments().get(0).instanceId() + ")" : "";
            return Check.changed("the volume is " + v.stateAsString() + attachedTo, Map.of("state", v.stateAsString()));
        }
        Map<String, String> planned = new LinkedHashMap<>();
        planned.put("state", "deleted");
        planned.put(ActionParameters.SNAPSHOT, reversible(request) ? "true" : "false");
        return Check.original(describeState(v), planned).withFacts(AwsTargets.facts(v.tags()));
    }

    static Map<String, String> describeState(Volume v) {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("volumeId", v.volumeId());
        state.put("state", v.stateAsString());
        state.put("availabilityZone", v.availabilityZone());
        state.put("volumeType", v.volumeTypeAsString());
        putIfPresent(state, "sizeGib", v.size());
        putIfPresent(state, "iops", v.iops());
        putIfPresent(state, "throughputMibps", v.throughput());
        putIfPresent(state, "encrypted", v.encrypted());
        putIfPresent(state, "kmsKeyId", v.kmsKeyId());
        putIfPresent(state, "multiAttachEnabled", v.multiAttachEnabled());
        state.putAll(AwsTargets.tagsToState(v.tags()));
        return state;
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws Exception {
        return apply(request, check, Confirmation.NONE);
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check, Confirmation lastLook) throws Exception {
        CloudResourceRef ref = AwsTargets.ref(request);
        Ec2Client ec2 = AwsTargets.ec2(aws, ref);
        String volumeId = ref.resourceId();
        Map<String, String> state = new LinkedHashMap<>();
        state.put("state", "deleted");
        if (reversible(request)) {
            String snapshotId = snapshotOf(ec2, request.actionId())
                    .filter(s -> s.state() != SnapshotState.ERROR)
                    .map(Snapshot::snapshotId)
                    .orElseGet(() -> createSnapshot(ec2, volumeId, request.actionId(), check.previousState()));
            awaitCompleted(ec2, snapshotId, volumeId);
            state.put(SNAPSHOT_ID, snapshotId);
            // the snapshot may have taken an hour: look again before the one step that cannot be undone
            Optional<Volume> now = describe(ec2, volumeId);
            if (now.isEmpty()) {
                throw new ActionAbortedException("the volume disappeared while snapshot " + snapshotId
                        + " was taken: deleted outside Reclaimer; the snapshot is kept");
            }
            if (!EbsVolume.unattached(now.get().stateAsString())) {
                throw new ActionAbortedException("the volume became " + now.get().stateAsString() + " while snapshot "
                        + snapshotId + " was taken: not deleted; the snapshot is kept");
            }
            // and the policy, the owner's tags, the freeze: they may have changed during the snapshot too
            lastLook.confirm(Check.original(describeState(now.get()), check.plannedState())
                    .withFacts(AwsTargets.facts(now.get().tags())));
        }
        ec2.deleteVolume(r -> r.volumeId(volumeId));
        return state;
    }

    private static String createSnapshot(Ec2Client ec2, String volumeId, String actionId, Map<String, String> previous) {
        List<Tag> tags = new ArrayList<>(AwsTargets.tagsFromState(previous));
        tags.removeIf(t -> t.key().equals(ACTION_ID_TAG) || t.key().equals(SOURCE_VOLUME_TAG));
        tags.add(Tag.builder().key(ACTION_ID_TAG).value(actionId).build());
        tags.add(Tag.builder().key(SOURCE_VOLUME_TAG).value(volumeId).build());
        CreateSnapshotResponse created = ec2.createSnapshot(r -> r.volumeId(volumeId)
                .description("Reclaimer action " + actionId + ": " + volumeId + " before its deletion")
                .tagSpecifications(AwsTargets.tagSpecification(ResourceType.SNAPSHOT, tags)));
        return created.snapshotId();
    }

    private void awaitCompleted(Ec2Client ec2, String snapshotId, String volumeId) throws ActionFailedException {
        int attempts = (int) Math.max(2, Math.min(Integer.MAX_VALUE, timeout.toMillis() / Math.max(1, pollInterval.toMillis()) + 1));
        try (var waiter = ec2.waiter()) {
            WaiterResponse<DescribeSnapshotsResponse> response = waiter.waitUntilSnapshotCompleted(
                    r -> r.snapshotIds(snapshotId), o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(pollInterval))
                            .maxAttempts(attempts).waitTimeout(timeout));
            if (response.matched().exception().isPresent()) {
                throw new ActionFailedException("snapshot " + snapshotId + " of " + volumeId + " did not complete: "
                        + response.matched().exception().get().getMessage() + "; the volume is not deleted");
            }
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new ActionFailedException("snapshot " + snapshotId + " of " + volumeId + " did not complete: "
                    + e.getMessage() + "; the volume is not deleted", e);
        }
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        Ec2Client ec2 = AwsTargets.ec2(aws, ref);
        var restored = ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:" + RESTORED_FROM_TAG)
                .values(request.actionId()).build())).volumes();
        if (!restored.isEmpty()) {
            return Check.done("volume " + restored.get(0).volumeId() + " was already restored from the snapshot",
                    Map.of("volumeId", restored.get(0).volumeId()));
        }
        String snapshotId = executed.newState().get(SNAPSHOT_ID);
        if (snapshotId == null) {
            return Check.changed("the delete took no snapshot: nothing to restore from");
        }
        try {
            var snapshots = ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots();
            if (snapshots.isEmpty() || snapshots.get(0).state() != SnapshotState.COMPLETED) {
                return Check.changed("snapshot " + snapshotId + " is not available");
            }
        } catch (Ec2Exception e) {
            if (AwsTargets.is(e, "InvalidSnapshot.NotFound")) {
                return Check.changed("snapshot " + snapshotId + " no longer exists");
            }
            throw e;
        }
        return Check.original(executed.newState(), executed.previousState());
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        Ec2Client ec2 = AwsTargets.ec2(aws, ref);
        Map<String, String> previous = executed.previousState();
        String snapshotId = executed.newState().get(SNAPSHOT_ID);
        List<Tag> tags = new ArrayList<>(AwsTargets.tagsFromState(previous));
        // the restored volume is left alone by every policy until a person removes this tag; a grace-period mark
        // from before the delete would only be stale
        tags.removeIf(t -> t.key().equals(RESTORED_FROM_TAG) || t.key().equals(ReclaimerLabels.MARKED_FOR_OP_TAG));
        tags.add(Tag.builder().key(RESTORED_FROM_TAG).value(request.actionId()).build());
        CreateVolumeRequest.Builder create = CreateVolumeRequest.builder()
                .snapshotId(snapshotId)
                .availabilityZone(previous.get("availabilityZone"))
                .volumeType(previous.get("volumeType"))
                .tagSpecifications(AwsTargets.tagSpecification(ResourceType.VOLUME, tags));
        if (previous.containsKey("sizeGib")) {
            create.size(Integer.valueOf(previous.get("sizeGib")));
        }
        if (previous.containsKey("iops") && !"gp2".equals(previous.get("volumeType"))
                && !"standard".equals(previous.get("volumeType"))) {
            create.iops(Integer.valueOf(previous.get("iops")));
        }
        if (previous.containsKey("throughputMibps")) {
            create.throughput(Integer.valueOf(previous.get("throughputMibps")));
        }
        if ("true".equals(previous.get("encrypted")) && previous.containsKey("kmsKeyId")) {
            create.encrypted(true).kmsKeyId(previous.get("kmsKeyId"));
        }
        var created = ec2.createVolume(create.build());
        Map<String, String> state = new LinkedHashMap<>();
        state.put("volumeId", created.volumeId());
        state.put("state", created.stateAsString());
        state.put("availabilityZone", created.availabilityZone());
        state.put(SNAPSHOT_ID, snapshotId);
        state.put(RESTORED_FROM_TAG, request.actionId());
        return state;
    }

    private static Optional<Volume> describe(Ec2Client ec2, String volumeId) {
        try {
            List<Volume> volumes = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes();
            return volumes.isEmpty() ? Optional.empty() : Optional.of(volumes.get(0));
        } catch (Ec2Exception e) {
            if (AwsTargets.is(e, "InvalidVolume.NotFound")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<Snapshot> snapshotOf(Ec2Client ec2, String actionId) {
        return ec2.describeSnapshots(r -> r.ownerIds("self")
                        .filters(Filter.builder().name("tag:" + ACTION_ID_TAG).values(actionId).build()))
                .snapshots().stream().findFirst();
    }
}
