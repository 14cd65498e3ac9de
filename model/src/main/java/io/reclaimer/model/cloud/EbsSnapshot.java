package io.reclaimer.model.cloud;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An EBS snapshot owned by the account, with the volume it was taken from and the account's own AMIs that
 * use it ({@code imageIds}, from DescribeImages with Owners=self: a snapshot behind a registered image is
 * the image's, never an orphan). {@code imageIds} is null when that is not known: a record from before it
 * was collected, or a listing whose DescribeImages failed.
 */
@JsonTypeName("ebs-snapshot/v1")
public record EbsSnapshot(CloudResourceRef ref, String sourceVolumeId, String state, int sizeGib, String storageTier,
                          Instant startedAt, String description, Map<String, String> tags, Instant observedAt,
                          @AddedLater("issue 13: the AMIs a snapshot backs") List<String> imageIds)
        implements CloudResource {

    /** A snapshot whose AMIs are not known. */
    public EbsSnapshot(CloudResourceRef ref, String sourceVolumeId, String state, int sizeGib, String storageTier,
                       Instant startedAt, String description, Map<String, String> tags, Instant observedAt) {
        this(ref, sourceVolumeId, state, sizeGib, storageTier, startedAt, description, tags, observedAt, null);
    }

    public EbsSnapshot {
        Require.present(ref, "ref");
        sourceVolumeId = sourceVolumeId == null ? "" : sourceVolumeId;
        Require.text(state, "state");
        Require.nonNegative(sizeGib, "sizeGib");
        storageTier = storageTier == null || storageTier.isBlank() ? "standard" : storageTier;
        Require.present(startedAt, "startedAt");
        description = description == null ? "" : description;
        tags = Require.map(tags, "tags");
        Require.present(observedAt, "observedAt");
        imageIds = imageIds == null ? null : Require.list(imageIds, "imageIds").stream().sorted().toList();
    }

    /** Whether a registered image of the account uses it; false when that is not known (see {@link #imagesKnown}). */
    public boolean backsAnImage() {
        return imageIds != null && !imageIds.isEmpty();
    }

    public boolean imagesKnown() {
        return imageIds != null;
    }
}
