package io.reclaimer.model.cloud;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An EC2 instance. {@code stateChangedAt} is when it entered its current state (from EC2's
 * StateTransitionReason), so a stopped instance's still-billed volumes can be aged.
 */
@JsonTypeName("ec2-instance/v1")
public record Ec2Instance(CloudResourceRef ref, String state, String instanceType, Instant launchedAt,
                          Instant stateChangedAt, List<String> volumeIds, Map<String, String> tags, Instant observedAt)
        implements CloudResource {

    public Ec2Instance {
        Require.present(ref, "ref");
        Require.text(state, "state");
        instanceType = instanceType == null ? "" : instanceType;
        volumeIds = Require.list(volumeIds, "volumeIds");
        tags = Require.map(tags, "tags");
        Require.present(observedAt, "observedAt");
    }

    public boolean isStopped() {
        return "stopped".equals(state);
    }
}
