package io.reclaimer.collectors.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.reclaimer.collectors.kubernetes.ClusterFixtures;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.usage.ContainerEvent;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerEventDetectorTest {

    private static final WorkloadRef WEB = new WorkloadRef("c", "shop", "Deployment", "web");
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private final ContainerEventDetector detector = new ContainerEventDetector();
    private final Pod running = ClusterFixtures.pod("web-1", null, "n1", ClusterFixtures.podSpec("app", "1", "1Gi", null, null));

    @Test
    void reportsEachOomKillOnceHoweverOftenThePodIsSeen() {
        Pod oom = ClusterFixtures.oomKilled(running, "app", 1, "2025-01-01T11:00:00Z");
        assertThat(detector.observe(WEB, oom, NOW)).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(ContainerEvent.Type.OOM_KILLED));
        assertThat(detector.observe(WEB, oom, NOW)).as("relist / resync").isEmpty();
    }

    @Test
    void reportsARestartForEveryIncreaseTypedByItsTermination() {
        detector.observe(WEB, ClusterFixtures.oomKilled(running, "app", 1, "2025-01-01T11:00:00Z"), NOW);
        Pod crashed = new PodBuilder(ClusterFixtures.oomKilled(running, "app", 2, "2025-01-01T11:30:00Z")).editStatus()
                .editFirstContainerStatus().editLastState().editTerminated().withReason("Error").withExitCode(1)
                .endTerminated().endLastState().endContainerStatus().endStatus().build();

        assertThat(detector.observe(WEB, crashed, NOW)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ContainerEvent.Type.RESTARTED);
            assertThat(e.restartCount()).isEqualTo(2);
            assertThat(e.reason()).isEqualTo("Error (exit code 1)");
            assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-01-01T11:30:00Z"));
        });
    }

    @Test
    void usesTheLastWorkingSetOrElseTheRequestForTheMemoryAtTheEvent() {
        Pod oom = ClusterFixtures.oomKilled(running, "app", 1, "2025-01-01T11:00:00Z");
        assertThat(detector.observe(WEB, oom, NOW).get(0).memoryBytesAtEvent()).isEqualTo(1L << 30);

        ContainerEventDetector withMetrics = new ContainerEventDetector();
        withMetrics.recordWorkingSet(running.getMetadata().getUid(), "app", 900L << 20);
        assertThat(withMetrics.observe(WEB, oom, NOW).get(0).memoryBytesAtEvent()).isEqualTo(900L << 20);
    }

    @Test
    void forgetsPodsThatAreGone() {
        detector.observe(WEB, ClusterFixtures.oomKilled(running, "app", 1, "2025-01-01T11:00:00Z"), NOW);
        detector.retainPods(Set.of());
        assertThat(detector.tracked()).isZero();
    }
}
