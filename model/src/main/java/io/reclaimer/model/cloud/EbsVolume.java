package io.reclaimer.model.cloud;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An EBS volume. {@code state} is EC2's ({@code available} = attached to nothing, still billed).
 * {@code iops} and {@code throughputMibps} are the provisioned figures (null where the type has none).
 */
@JsonTypeName("ebs-volume/v1")
public record EbsVolume(CloudResourceRef ref, String state, int sizeGib, String volumeType, Integer iops,
                        Integer throughputMibps, List<Attachment> attachments, String snapshotId, Instant createdAt,
                        Map<String, String> tags, Instant observedAt) implements CloudResource {

    public record Attachment(String instanceId, String device, String state, Instant attachedAt) {
        public Attachment {
            Require.text(instanceId, "attachment.instanceId");
            device = device == null ? "" : device;
            Require.text(state, "attachment.state");
        }
    }

    public EbsVolume {
        Require.present(ref, "ref");
        Require.text(state, "state");
        Require.nonNegative(sizeGib, "sizeGib");
        Require.text(volumeType, "volumeType");
        if (iops != null) {
            Require.nonNegative(iops, "iops");
        }
        if (throughputMibps != null) {
            Require.nonNegative(throughputMibps, "throughputMibps");
        }
        attachments = Require.list(attachments, "attachments");
        snapshotId = snapshotId == null ? "" : snapshotId;
        Require.present(createdAt, "createdAt");
        tags = Require.map(tags, "tags");
        Require.present(observedAt, "observedAt");
    }

    public boolean isAvailable() {
        return unattached(state);
    }

    /**
     * The one definition of "this volume is attached to nothing", for the analysis and the executor's
     * re-check alike: EC2's state {@code available}. Every other state ({@code in-use}, {@code creating},
     * {@code deleting}, {@code error}) is not an orphan to delete.
     */
    public static boolean unattached(String state) {
        return "available".equals(state);
    }
}
