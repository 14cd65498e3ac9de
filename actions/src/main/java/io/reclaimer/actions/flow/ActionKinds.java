package io.reclaimer.actions.flow;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;

/** The action that takes a kind of waste back, as docs/policies.md defines it. */
public final class ActionKinds {

    private ActionKinds() {
    }

    public static ActionType of(FindingKind kind) {
        return switch (kind) {
            case OVERPROVISIONED_CONTAINER -> ActionType.DOWNSIZE;
            case OFF_HOURS_SCHEDULE -> ActionType.SCHEDULE;
            // no executor takes these (docs/waste.md): ActionPlanner records their requests as dry-runs
            case IDLE_GPU, NODE_POOL_CONSOLIDATION -> ActionType.DOWNSIZE;
            default -> ActionType.DELETE;
        };
    }
}
