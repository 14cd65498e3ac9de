package io.reclaimer.policies.evaluation;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.Locale;
import java.util.Set;

/** Which action a finding kind leads to, and which deletes remove data (and so need a snapshot first). */
public final class ActionKinds {

    private static final Set<FindingKind> VOLUMES = Set.of(FindingKind.UNATTACHED_VOLUME,
            FindingKind.STOPPED_INSTANCE_VOLUMES, FindingKind.UNUSED_PVC, FindingKind.RELEASED_PV);

    private ActionKinds() {
    }

    public static ActionType actionFor(FindingKind kind) {
        return switch (kind) {
            case OVERPROVISIONED_CONTAINER -> ActionType.DOWNSIZE;
            case OFF_HOURS_SCHEDULE -> ActionType.SCHEDULE;
            // capacity to give back, which no executor takes yet: the actions service records these as dry-runs
            case IDLE_GPU, NODE_POOL_CONSOLIDATION -> ActionType.DOWNSIZE;
            case UNATTACHED_VOLUME, UNASSOCIATED_ADDRESS, IDLE_LOAD_BALANCER, ORPHANED_SNAPSHOT,
                 STOPPED_INSTANCE_VOLUMES, UNUSED_PVC, RELEASED_PV, SERVICE_WITHOUT_ENDPOINTS, IDLE_NAMESPACE ->
                    ActionType.DELETE;
        };
    }

    /** Deleting these loses data, so the verdict always carries {@code snapshot=true}. */
    public static boolean deletesVolume(FindingKind kind) {
        return VOLUMES.contains(kind);
    }

    /** {@code downsize}, {@code schedule}, {@code delete}, {@code mark-for-op}: the verdict's {@code action}. */
    public static String wireName(ActionType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
