package io.reclaimer.model.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ActionContractTest {

    @Test
    void everyFindingKindNamesTheActionThatTakesItBack() {
        assertThat(FindingKind.OVERPROVISIONED_CONTAINER.action()).isEqualTo(ActionType.DOWNSIZE);
        assertThat(FindingKind.OFF_HOURS_SCHEDULE.action()).isEqualTo(ActionType.SCHEDULE);
        // report-only kinds: no executor takes them, the planner records them without a change
        assertThat(FindingKind.IDLE_GPU.action()).isEqualTo(ActionType.DOWNSIZE);
        assertThat(FindingKind.NODE_POOL_CONSOLIDATION.action()).isEqualTo(ActionType.DOWNSIZE);
        assertThat(FindingKind.UNDERUTILIZED_NODE.action()).isEqualTo(ActionType.DOWNSIZE);
        assertThat(FindingKind.SPOT_ELIGIBLE.action()).isEqualTo(ActionType.DOWNSIZE);
        EnumSet<FindingKind> deletes = EnumSet.allOf(FindingKind.class);
        deletes.removeAll(EnumSet.of(FindingKind.OVERPROVISIONED_CONTAINER, FindingKind.OFF_HOURS_SCHEDULE,
                FindingKind.IDLE_GPU, FindingKind.NODE_POOL_CONSOLIDATION, FindingKind.UNDERUTILIZED_NODE,
                FindingKind.SPOT_ELIGIBLE));
        assertThat(deletes).allSatisfy(kind -> assertThat(kind.action()).isEqualTo(ActionType.DELETE));
        assertThat(FindingKind.values()).noneSatisfy(kind -> assertThat(kind.action()).isEqualTo(ActionType.MARK_FOR_OP));
    }

    @Test
    void kindsThatRestateRightsizingSavingsDoNotAddToWaste() {
        assertThat(Arrays.stream(FindingKind.values()).filter(k -> !k.addsToWaste()))
                .containsExactlyInAnyOrder(FindingKind.OVERPROVISIONED_CONTAINER, FindingKind.NODE_POOL_CONSOLIDATION,
                        FindingKind.UNDERUTILIZED_NODE);
    }

    @Test
    void onlyVolumeKindsLoseDataWhenDeleted() {
        assertThat(Arrays.stream(FindingKind.values()).filter(FindingKind::isVolume))
                .containsExactlyInAnyOrder(FindingKind.UNATTACHED_VOLUME, FindingKind.STOPPED_INSTANCE_VOLUMES,
                        FindingKind.UNUSED_PVC, FindingKind.RELEASED_PV);
    }

    @Test
    void actionTypesHaveKebabCaseWireNamesThatReadBack() {
        assertThat(Arrays.stream(ActionType.values()).map(ActionType::wireName))
                .containsExactly("downsize", "schedule", "delete", "mark-for-op");
        for (ActionType type : ActionType.values()) {
            assertThat(ActionType.fromWireName(type.wireName())).contains(type);
        }
        assertThat(ActionType.fromWireName("MARK_FOR_OP")).isEmpty();
        assertThat(ActionType.fromWireName("mark_for_op")).isEmpty();
        assertThat(ActionType.fromWireName(null)).isEmpty();
    }

    @Test
    void outcomesHaveThePolicyFileSpelling() {
        assertThat(Arrays.stream(Outcome.values()).map(Outcome::wireName))
                .containsExactly("deny", "dry-run", "approve", "auto");
    }
}
