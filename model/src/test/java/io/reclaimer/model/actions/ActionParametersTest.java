package io.reclaimer.model.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.findings.Evidence;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionParametersTest {

    @Test
    void keysKeepTheSpellingEventsAlreadyCarry() {
        // these strings are on the findings and action-request topics: a rename is a wire change, not a refactoring
        assertThat(ActionParameters.SCHEDULE_WINDOW).isEqualTo("scheduleWindow");
        assertThat(ActionParameters.MARK_KEY).isEqualTo("markKey");
        assertThat(ActionParameters.ACT_AFTER).isEqualTo("actAfter");
        assertThat(ActionParameters.CPU_REQUEST_CORES).isEqualTo(Evidence.CPU_REQUEST_CORES).isEqualTo("cpuRequestCores");
        assertThat(ActionParameters.MEMORY_REQUEST_BYTES).isEqualTo(Evidence.MEMORY_REQUEST_BYTES);
        assertThat(ActionParameters.PUBLIC_IP).isEqualTo(Evidence.PUBLIC_IP);
        assertThat(Evidence.DAYS + Evidence.HOURS + Evidence.TIME_ZONE).isEqualTo("dayshourstimeZone");
    }

    @Test
    void aVolumeDeleteSnapshotsFirstUnlessTheStateSaysFalse() {
        assertThat(ActionParameters.snapshotFirst(Map.of())).isTrue();
        assertThat(ActionParameters.snapshotFirst(Map.of(ActionParameters.SNAPSHOT, "true"))).isTrue();
        assertThat(ActionParameters.snapshotFirst(Map.of(ActionParameters.SNAPSHOT, "yes"))).isTrue();
        assertThat(ActionParameters.snapshotFirst(Map.of(ActionParameters.SNAPSHOT, "false"))).isFalse();
    }
}
