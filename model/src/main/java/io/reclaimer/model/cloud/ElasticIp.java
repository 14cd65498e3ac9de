package io.reclaimer.model.cloud;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.Map;

/** An Elastic IP; keyed by its allocation id. Unassociated addresses are billed like any public IPv4. */
@JsonTypeName("elastic-ip/v1")
public record ElasticIp(CloudResourceRef ref, String allocationId, String publicIp, String associationId,
                        String instanceId, String networkInterfaceId, Map<String, String> tags, Instant observedAt)
        implements CloudResource {

    public ElasticIp {
        Require.present(ref, "ref");
        Require.text(allocationId, "allocationId");
        Require.text(publicIp, "publicIp");
        associationId = associationId == null ? "" : associationId;
        instanceId = instanceId == null ? "" : instanceId;
        networkInterfaceId = networkInterfaceId == null ? "" : networkInterfaceId;
        tags = Require.map(tags, "tags");
        Require.present(observedAt, "observedAt");
    }

    public boolean isAssociated() {
        return !associationId.isEmpty() || !instanceId.isEmpty() || !networkInterfaceId.isEmpty();
    }
}
