package io.reclaimer.model.cloud;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.Event;
import java.time.Instant;
import java.util.Map;

/**
 * Everything on the compacted cloud inventory topic, keyed by {@link CloudResourceRef#key()}. A tombstone
 * means the resource no longer exists.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(EbsVolume.class),
    @JsonSubTypes.Type(ElasticIp.class),
    @JsonSubTypes.Type(EbsSnapshot.class),
    @JsonSubTypes.Type(Ec2Instance.class),
    @JsonSubTypes.Type(LoadBalancer.class),
})
public sealed interface CloudResource extends Event permits EbsVolume, ElasticIp, EbsSnapshot, Ec2Instance, LoadBalancer {

    CloudResourceRef ref();

    Map<String, String> tags();

    Instant observedAt();
}
