package io.reclaimer.model.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reclaimer.model.InvalidEventException;

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
    NODE_POOL_CONSOLIDATION("node-pool-consolidation");

    private final String wireName;

    FindingKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
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
