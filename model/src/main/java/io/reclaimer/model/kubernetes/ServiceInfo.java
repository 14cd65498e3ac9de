package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.Map;

/**
 * A Service with the number of ready endpoints behind it (summed over its EndpointSlices). A
 * {@code LoadBalancer} service with none still pays for its cloud load balancer.
 */
@JsonTypeName("service/v1")
public record ServiceInfo(ObjectRef ref, String type, int readyEndpoints, String loadBalancerHostname,
                          Map<String, String> labels, Map<String, String> annotations, Instant createdAt,
                          Instant observedAt, @AddedLater("issue 13: the object's metadata.uid, \"\" when not reported") String uid) implements KubernetesObject {

    public ServiceInfo(ObjectRef ref, String type, int readyEndpoints, String loadBalancerHostname,
                       Map<String, String> labels, Map<String, String> annotations, Instant createdAt, Instant observedAt) {
        this(ref, type, readyEndpoints, loadBalancerHostname, labels, annotations, createdAt, observedAt, null);
    }

    public ServiceInfo {
        Require.present(ref, "ref");
        Require.text(type, "type");
        Require.nonNegative(readyEndpoints, "readyEndpoints");
        loadBalancerHostname = loadBalancerHostname == null ? "" : loadBalancerHostname;
        labels = Require.map(labels, "labels");
        annotations = Require.map(annotations, "annotations");
        Require.present(createdAt, "createdAt");
        Require.present(observedAt, "observedAt");
        uid = uid == null ? "" : uid;
    }

    public boolean isLoadBalancer() {
        return "LoadBalancer".equals(type);
    }
}
