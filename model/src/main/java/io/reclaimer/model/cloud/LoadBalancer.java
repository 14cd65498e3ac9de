package io.reclaimer.model.cloud;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An ALB, NLB, GWLB or classic ELB with the health of what is behind it. For classic ELBs there is a
 * single pseudo target group holding the registered instances.
 */
@JsonTypeName("load-balancer/v1")
public record LoadBalancer(CloudResourceRef ref, String name, String type, String arn, String dnsName,
                           Instant createdAt, List<TargetGroup> targetGroups, Map<String, String> tags,
                           Instant observedAt) implements CloudResource {

    public record TargetGroup(String arn, int registeredTargets, int healthyTargets) {
        public TargetGroup {
            arn = arn == null ? "" : arn;
            Require.nonNegative(registeredTargets, "targetGroup.registeredTargets");
            Require.nonNegative(healthyTargets, "targetGroup.healthyTargets");
        }
    }

    public LoadBalancer {
        Require.present(ref, "ref");
        Require.text(name, "name");
        Require.text(type, "type");
        arn = arn == null ? "" : arn;
        dnsName = dnsName == null ? "" : dnsName;
        Require.present(createdAt, "createdAt");
        targetGroups = Require.list(targetGroups, "targetGroups");
        tags = Require.map(tags, "tags");
        Require.present(observedAt, "observedAt");
    }

    public int registeredTargets() {
        return targetGroups.stream().mapToInt(TargetGroup::registeredTargets).sum();
    }

    public int healthyTargets() {
        return targetGroups.stream().mapToInt(TargetGroup::healthyTargets).sum();
    }

    /** Serving nothing: no target behind it is healthy (none registered counts too). */
    public boolean isIdle() {
        return idle(healthyTargets());
    }

    /** The one definition of an idle load balancer, for the analysis and the executor's re-check alike. */
    public static boolean idle(int healthyTargets) {
        return healthyTargets == 0;
    }

    /**
     * The one definition of a target that serves: an ELBv2 target whose health state is {@code healthy}, or a
     * classic ELB instance whose state is {@code InService}. Everything else (initial, unhealthy, draining,
     * unused, unavailable, OutOfService, Unknown) serves nothing.
     */
    public static boolean healthyTarget(String state) {
        return "healthy".equalsIgnoreCase(state) || "InService".equals(state);
    }
}
