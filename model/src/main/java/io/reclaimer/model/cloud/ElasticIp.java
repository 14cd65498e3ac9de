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
        return associated(associationId, instanceId, networkInterfaceId);
    }

    /**
     * The one definition of "this address is in use", for the collector's records, the analysis and the
     * executor's re-check alike: an association, an instance or a network interface. Absent and empty are the
     * same: AWS leaves the elements out, some AWS-compatible servers send them empty ({@code <instanceId/>}),
     * which the SDK reads as {@code ""}.
     */
    public static boolean associated(String associationId, String instanceId, String networkInterfaceId) {
        return present(associationId) || present(instanceId) || present(networkInterfaceId);
    }

    /** What the address is associated with, for reasons: the instance, else the interface, else the association. */
    public static String associatedWith(String associationId, String instanceId, String networkInterfaceId) {
        return present(instanceId) ? instanceId : present(networkInterfaceId) ? networkInterfaceId
                : present(associationId) ? associationId : "";
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
