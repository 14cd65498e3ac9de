package io.reclaimer.model.cloud;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.Map;

/** An EBS snapshot owned by the account, with the volume it was taken from. */
@JsonTypeName("ebs-snapshot/v1")
public record EbsSnapshot(CloudResourceRef ref, String sourceVolumeId, String state, int sizeGib, String storageTier,
                          Instant startedAt, String description, Map<String, String> tags, Instant observedAt)
        implements CloudResource {

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
    }
}
