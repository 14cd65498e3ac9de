package io.reclaimer.streams.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.GpuUsageSample;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleGpusTest {

    private static final Instant H0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final ContainerRef TRAINER = new ContainerRef("ml", "research", "Deployment", "trainer", "trainer");
    private static final double GPU_PRICE = 0.8537;

    private final Topics topics = Topics.defaults();
    private final WasteConfig config = WasteConfig.DEFAULTS.withCapacity(new WasteConfig.CapacityFindings(6, 0.05));
    private final Driver driver = new Driver(IdleGpus.build(topics, config), topics);

    @AfterEach
    void close() {
        driver.close();
    }

    private void spec(int replicas, double gpus) {
        driver.pipe(topics.workloads(), TRAINER.key(), new WorkloadContainerSpec(TRAINER, replicas,
                new ResourceAmounts(2.0, 8L << 30, gpus == 0 ? Map.of() : Map.of("nvidia.com/gpu", gpus)), null,
                WorkloadContainerSpec.QosClass.BURSTABLE, "gpu", null, new UnitPrices(0.03, 0.004, GPU_PRICE),
                Map.of("team", "research"), Map.of(), H0));
    }

    private void usage(Instant from, int hours, double utilization) {
        for (Instant t = from; t.isBefore(from.plus(Duration.ofHours(hours))); t = t.plus(Duration.ofMinutes(15))) {
            driver.pipe(topics.gpuUsage(), TRAINER.key(), new GpuUsageSample(TRAINER, "trainer-0", t, 1, utilization));
        }
    }

    private Finding finding() {
        return driver.table(topics.findings()).get(Finding.idFor(FindingKind.IDLE_GPU, TRAINER.key()));
    }

    @Test
    void gpusRequestedAndAllButUnusedOverTheWholeWindowArePricedAtTheirGpuHours() {
        spec(2, 1);
        usage(H0, 5, 0.01);
        assertThat(finding()).as("five hours observed of a six-hour window: not judged yet").isNull();
        usage(H0.plus(Duration.ofHours(5)), 1, 0.02);

        Finding f = finding();
        assertThat(f.monthlyUsd()).isCloseTo(2 * 1 * GPU_PRICE * 730, within(1e-6));
        assertThat(f.since()).isEqualTo(H0);
        assertThat(f.evidence()).containsEntry("gpusPerPod", "1").containsEntry("peakHourlyUtilization", "0.02")
                .containsEntry("windowHours", "6").containsEntry("price", "2 pods x 1 GPU x $0.8537/GPU-hour x 730 h");
        assertThat(f.labels()).containsEntry("team", "research");
    }

    @Test
    void oneBusyHourInTheWindowIsNotIdle() {
        spec(1, 1);
        usage(H0, 3, 0.01);
        usage(H0.plus(Duration.ofHours(3)), 1, 0.60);
        usage(H0.plus(Duration.ofHours(4)), 2, 0.01);
        assertThat(finding()).isNull();
    }

    @Test
    void aWorkloadThatGivesItsGpusBackResolvesTheFinding() {
        spec(1, 1);
        usage(H0, 6, 0.0);
        assertThat(finding()).isNotNull();
        spec(1, 0);
        usage(H0.plus(Duration.ofHours(6)), 1, 0.0);
        assertThat(finding()).isNull();
        assertThat(driver.records(topics.findings())).anyMatch(r -> r.value() == null);
    }
}
