package io.reclaimer.model.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.actions.ActionType;

/** The kinds of waste Reclaimer finds; the wire name is what policies and reports use. */
public enum FindingKind {
    UNATTACHED_VOLUME("unattached-volume"),
    UNASSOCIATED_ADDRESS("unassociated-address"),
    IDLE_LOAD_BALANCER("idle-load-balancer"),
    ORPHANED_SNAPSHOT("orphaned-snapshot"),
    STOPPED_INSTANCE_VOLUMES("stopped-instance-volumes"),
    UNUSED_PVC("unused-pvc"),
    RELEASED_PV("released-pv"),
    SERVICE_WITHOUT_ENDPOINTS("service-without-endpoints"),
    IDLE_NAMESPACE("idle-namespace"),
    OVERPROVISIONED_CONTAINER("overprovisioned-container"),
    OFF_HOURS_SCHEDULE("off-hours-schedule"),
    /** GPUs requested and all but unused over the window (DCGM utilisation); no executor: dry-run only. */
    IDLE_GPU("idle-gpu"),
    /** Nodes of a pool its pods, packed at recommended requests, leave empty; no executor: dry-run only. */
    NODE_POOL_CONSOLIDATION("node-pool-consolidation"),
    /** A node whose pods, at their recommended requests, use a small share of its allocatable; no executor: dry-run only. */
    UNDERUTILIZED_NODE("underutilized-node"),
    /** A stateless, replicated, non-production workload on on-demand nodes; no executor: dry-run only. */
    SPOT_ELIGIBLE("spot-eligible");

    private final String wireName;

    FindingKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The action that takes this kind of waste back, as docs/policies.md defines it: the one mapping that
     * policies and actions share. A new kind must say its action here (the switch has no default).
     */
    public ActionType action() {
        return switch (this) {
            case OVERPROVISIONED_CONTAINER -> ActionType.DOWNSIZE;
            case OFF_HOURS_SCHEDULE -> ActionType.SCHEDULE;
            // no executor takes these yet: the planner records them without a change (docs/waste.md)
            case IDLE_GPU, NODE_POOL_CONSOLIDATION, UNDERUTILIZED_NODE, SPOT_ELIGIBLE -> ActionType.DOWNSIZE;
            case UNATTACHED_VOLUME, UNASSOCIATED_ADDRESS, IDLE_LOAD_BALANCER, ORPHANED_SNAPSHOT,
                 STOPPED_INSTANCE_VOLUMES, UNUSED_PVC, RELEASED_PV, SERVICE_WITHOUT_ENDPOINTS, IDLE_NAMESPACE ->
                    ActionType.DELETE;
        };
    }

    /**
     * Whether the kind's money adds to a waste total. Not when it restates the rightsizing savings, which are counted
     * once, as request savings: a container's own recommendation ({@code overprovisioned-container}) or the same
     * requests seen at the nodes ({@code node-pool-consolidation}, {@code underutilized-node}, reported apart as node
     * savings, docs/waste.md).
     */
    public boolean addsToWaste() {
        return switch (this) {
            case OVERPROVISIONED_CONTAINER, NODE_POOL_CONSOLIDATION, UNDERUTILIZED_NODE -> false;
            default -> true;
        };
    }

    /** Whether the resource is a volume (EBS, PVC, PV): deleting it loses data, so a snapshot comes first. */
    public boolean isVolume() {
        return switch (this) {
            case UNATTACHED_VOLUME, STOPPED_INSTANCE_VOLUMES, UNUSED_PVC, RELEASED_PV -> true;
            default -> false;
        };
    }

    @JsonCreator
    public static FindingKind fromWireName(String name) {
        for (FindingKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new InvalidEventException("unknown finding kind: " + name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
