package io.reclaimer.streams.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostAllocation.Level;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.streams.usage.ContainerHour;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * OpenCost's model worked by hand on one m5.large: 2 vCPU and 8 GiB for $0.096/h, split as in
 * docs/pricing.md into $0.0312471 per core-hour and $0.0041882 per GiB-hour.
 */
class OpenCostAllocatorTest {

    private static final Instant H0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final double CPU = 0.0312471;
    private static final double RAM = 0.0041882;
    private static final long GIB = 1L << 30;
    private static final Capacity M5_LARGE = Capacity.of(List.of(node("n1", 2, 8)));

    /** A: 0.5 cores and 1 GiB charged; B: 0.6 cores and 2 GiB. */
    private static final Charge A = new Charge("shop", "Deployment", "web", "web", 0.5, 1, CPU, RAM);
    private static final Charge B = new Charge("data", "Deployment", "etl", "data", 0.6, 2, CPU, RAM);

    @Test
    void aContainerIsChargedTheLargerOfRequestAndUsagePerPodTimesItsPods() {
        ContainerRef ref = new ContainerRef("prod-eu", "shop", "Deployment", "web", "app");
        // 2 pods sampled 12 times: 0.2 cores each (under the 0.5 request), 1.5 GiB each (over the 1 GiB request)
        ContainerHour hour = new ContainerHour(ref, H0, 24 * 0.2, 24 * 1.5 * GIB, 24, 12);
        WorkloadContainerSpec spec = new WorkloadContainerSpec(ref, 2, new ResourceAmounts(0.5, GIB), null,
                WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, new UnitPrices(CPU, RAM), Map.of("team", "web"),
                Map.of(), H0);

        Charge charge = OpenCostAllocator.charge(hour, spec, "team");
        assertThat(charge.cpuCoreHours()).isCloseTo(1.0, within(1e-12));
        assertThat(charge.memoryGibHours()).isCloseTo(3.0, within(1e-12));
        assertThat(charge.team()).isEqualTo("web");
        assertThat(charge.cpuUsdPerCoreHour()).isEqualTo(CPU);

        Charge unlabelled = OpenCostAllocator.charge(hour, null, "team");
        assertThat(unlabelled.team()).isEqualTo("__unallocated__");
        assertThat(unlabelled.cpuCoreHours()).isCloseTo(0.4, within(1e-12));
        assertThat(unlabelled.cpuUsdPerCoreHour()).isNull();
    }

    @Test
    void idleNodeCostIsSharedPerResourceInProportionToAllocatedCost() {
        OpenCostAllocator.Hour hour = OpenCostAllocator.allocateHour(M5_LARGE, List.of(A, B), true);

        // node: CPU 2 x 0.0312471 = 0.0624942, RAM 8 x 0.0041882 = 0.0335056
        // A: CPU 0.5 x 0.0312471 = 0.01562355, RAM 1 x 0.0041882 = 0.0041882
        // B: CPU 0.6 x 0.0312471 = 0.01874826, RAM 2 x 0.0041882 = 0.0083764
        // idle CPU 0.0624942 - 0.03437181 = 0.02812239, idle RAM 0.0335056 - 0.0125646 = 0.020941
        // A's idle: 0.02812239 x 5/11 + 0.020941 x 1/3 = 0.0197632379
        OpenCostAllocator.Line a = hour.workloads().get("shop/Deployment/web");
        OpenCostAllocator.Line b = hour.workloads().get("data/Deployment/etl");
        assertThat(hour.idleCpuUsd()).isCloseTo(0.02812239, within(1e-10));
        assertThat(hour.idleMemoryUsd()).isCloseTo(0.020941, within(1e-10));
        assertThat(a.idleUsd()).isCloseTo(0.0197632379, within(1e-9));
        assertThat(a.totalUsd()).isCloseTo(0.0395749879, within(1e-9));
        assertThat(b.totalUsd()).isCloseTo(0.0564248121, within(1e-9));
        assertThat(a.totalUsd() + b.totalUsd()).as("everything the node costs is allocated")
                .isCloseTo(0.0959998, within(1e-9));
        assertThat(hour.unsharedIdleUsd()).isCloseTo(0, within(1e-12));
    }

    @Test
    void withoutSharingIdleStaysAnIdleLine() {
        OpenCostAllocator.Hour hour = OpenCostAllocator.allocateHour(M5_LARGE, List.of(A, B), false);
        assertThat(hour.workloads().get("shop/Deployment/web").totalUsd()).isCloseTo(0.01981175, within(1e-10));
        assertThat(hour.unsharedIdleUsd()).isCloseTo(0.04906339, within(1e-10));

        List<CostAllocation> lines = OpenCostAllocator.window("prod-eu", hours(1), timeline(), hourOf(H0) + 1, 24, false);
        assertThat(line(lines, Level.IDLE, "").totalUsd()).isCloseTo(0.04906339, within(1e-6));
    }

    @Test
    void chargesOverCapacityLeaveNoIdleAndTheNodesCostWhatWasCharged() {
        Charge big = new Charge("shop", "Deployment", "web", "web", 3.0, 10, CPU, RAM);
        OpenCostAllocator.Hour hour = OpenCostAllocator.allocateHour(M5_LARGE, List.of(big), true);
        assertThat(hour.idleCpuUsd()).isZero();
        assertThat(hour.idleMemoryUsd()).isZero();
        assertThat(hour.nodesUsd()).isCloseTo(3 * CPU + 10 * RAM, within(1e-12));
    }

    @Test
    void containersWithoutPricesPayTheClusterAverage() {
        Charge unpriced = new Charge("shop", "Deployment", "web", "web", 1.0, 4, null, null);
        OpenCostAllocator.Hour hour = OpenCostAllocator.allocateHour(M5_LARGE, List.of(unpriced), false);
        assertThat(hour.workloads().get("shop/Deployment/web").cpuUsd()).isCloseTo(CPU, within(1e-12));
        assertThat(hour.workloads().get("shop/Deployment/web").memoryUsd()).isCloseTo(4 * RAM, within(1e-12));
    }

    @Test
    void theWindowAddsHoursUpPerWorkloadNamespaceTeamAndClusterAndProjectsAMonth() {
        // hours 10:00 and 11:00 charged, window [0:00, 12:00)
        List<CostAllocation> lines = OpenCostAllocator.window("prod-eu", hours(2), timeline(), hourOf(H0) + 2, 12, true);

        CostAllocation web = line(lines, Level.WORKLOAD, "shop/Deployment/web");
        assertThat(web.coveredHours()).isEqualTo(2);
        assertThat(web.totalUsd()).isCloseTo(2 * 0.0395749879, within(1e-6));
        assertThat(web.hourlyUsd()).isCloseTo(0.0395749879, within(1e-6));
        assertThat(web.monthlyUsd()).isCloseTo(0.0395749879 * 730, within(1e-4));
        assertThat(web.cpuCoreHours()).isCloseTo(1.0, within(1e-9));
        assertThat(web.team()).isEqualTo("web");
        assertThat(web.windowEnd()).isEqualTo(H0.plusSeconds(7200));
        assertThat(web.key()).isEqualTo("prod-eu/workload/shop/Deployment/web");

        assertThat(line(lines, Level.NAMESPACE, "shop").totalUsd()).isCloseTo(web.totalUsd(), within(1e-9));
        assertThat(line(lines, Level.TEAM, "data").totalUsd()).isCloseTo(2 * 0.0564248121, within(1e-6));
        CostAllocation cluster = line(lines, Level.CLUSTER, "");
        assertThat(cluster.totalUsd()).isCloseTo(2 * 0.0959998, within(1e-6));
        assertThat(cluster.idleUsd()).isCloseTo(2 * (0.02812239 + 0.020941), within(1e-6));
        assertThat(lines).noneMatch(l -> l.level() == Level.IDLE);
    }

    @Test
    void theDailyEstimateScalesTheCoveredHoursToTheDayAndAddsTheControlPlane() {
        OpenCostAllocator.DailyEstimate estimate = OpenCostAllocator.daily("prod-eu", LocalDate.of(2026, 11, 2), hours(2),
                timeline(), hourOf(H0) + 5, 0.10);
        assertThat(estimate.coveredHours()).isEqualTo(2);
        assertThat(estimate.computeUsd()).isCloseTo(0.0959998 * 24, within(1e-6));
        assertThat(estimate.controlPlaneUsd()).isCloseTo(2.4, within(1e-9));
        assertThat(estimate.estimatedUsd()).isCloseTo(0.0959998 * 24 + 2.4, within(1e-6));
        assertThat(OpenCostAllocator.daily("prod-eu", LocalDate.of(2026, 11, 3), hours(2), timeline(), hourOf(H0) + 5, 0.1))
                .isNull();
    }

    @Test
    void capacityChangesApplyFromTheirHourAndEarlierHoursUseTheFirstKnown() {
        Capacity two = Capacity.of(List.of(node("n1", 2, 8), node("n2", 2, 8)));
        CapacityTimeline t = CapacityTimeline.EMPTY.with(100, M5_LARGE).with(110, two);
        assertThat(t.at(90)).isEqualTo(M5_LARGE);
        assertThat(t.at(109)).isEqualTo(M5_LARGE);
        assertThat(t.at(110)).isEqualTo(two);
        assertThat(t.prunedBefore(115).entries()).extracting(CapacityTimeline.Entry::fromHour).containsExactly(110L);
        assertThat(two.hourlyUsd()).isCloseTo(2 * 0.0959998, within(1e-12));
    }

    private static TreeMap<Long, Collection<Charge>> hours(int count) {
        TreeMap<Long, Collection<Charge>> hours = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            hours.put(hourOf(H0) + i, List.of(A, B));
        }
        return hours;
    }

    private static CapacityTimeline timeline() {
        return CapacityTimeline.EMPTY.with(0, M5_LARGE);
    }

    private static long hourOf(Instant t) {
        return t.getEpochSecond() / 3600;
    }

    private static CostAllocation line(List<CostAllocation> lines, Level level, String identity) {
        return lines.stream().filter(l -> l.level() == level && switch (level) {
            case WORKLOAD -> (l.namespace() + "/" + l.workloadKind() + "/" + l.workloadName()).equals(identity);
            case NAMESPACE -> l.namespace().equals(identity);
            case TEAM -> l.team().equals(identity);
            default -> true;
        }).findFirst().orElseThrow(() -> new AssertionError(level + " " + identity + " not in " + lines));
    }

    @Test
    void aGpuNodesGpuCostIsChargedToTheGpuRequestsAndItsIdleGpusAreIdleCost() {
        // a g5-like node: 4 vCPU, 16 GiB, 1 GPU at $1.006/h split 0.01578 : 0.002115 : 0.4743 (OpenCost's ratios)
        double cpu = 0.0157792;
        double ram = 0.0021150;
        double gpu = 0.4742468;
        NodeInfo node = new NodeInfo(ObjectRef.clusterScoped("ml", "Node", "gpu-1"), "g5.xlarge", "us-east-1", "us-east-1a",
                NodeInfo.CapacityType.ON_DEMAND, "gpu", new ResourceAmounts(4.0, 16 * GIB, Map.of("nvidia.com/gpu", 2.0)),
                new ResourceAmounts(3.9, 15 * GIB), 4 * cpu + 16 * ram + 2 * gpu, new UnitPrices(cpu, ram, gpu), "aws-price-list",
                Map.of(), H0);
        Capacity capacity = Capacity.of(List.of(node));
        assertThat(capacity.gpus()).isEqualTo(2);
        assertThat(capacity.hourlyUsd()).isCloseTo(node.hourlyUsd(), within(1e-12));

        Charge trainer = new Charge("research", "Deployment", "trainer", "research", 1, 4, cpu, ram, 1.0, gpu);
        OpenCostAllocator.Hour hour = OpenCostAllocator.allocateHour(capacity, List.of(trainer), false);
        OpenCostAllocator.Line line = hour.workloads().get("research/Deployment/trainer");
        assertThat(line.gpuUsd()).isCloseTo(gpu, within(1e-12));
        assertThat(line.totalUsd()).isCloseTo(cpu + 4 * ram + gpu, within(1e-12));
        // the second GPU nobody requested is idle, and the nodes still cost their whole price
        assertThat(hour.idleGpuUsd()).isCloseTo(gpu, within(1e-12));
        assertThat(hour.nodesUsd()).isCloseTo(node.hourlyUsd(), within(1e-12));

        SortedHours hours = new SortedHours();
        hours.put(0L, List.of(trainer));
        CostAllocation workload = OpenCostAllocator.window("ml", hours, CapacityTimeline.EMPTY.with(0, capacity), 1, 1, false)
                .stream().filter(l -> l.level() == Level.WORKLOAD).findFirst().orElseThrow();
        assertThat(workload.gpuHours()).isEqualTo(1.0);
        assertThat(workload.gpuUsd()).isCloseTo(gpu, within(1e-6));
        assertThat(workload.totalUsd()).isCloseTo(cpu + 4 * ram + gpu, within(1e-6));
    }

    private static final class SortedHours extends TreeMap<Long, Collection<Charge>> {
    }

    static NodeInfo node(String name, double cores, long gib) {
        return new NodeInfo(ObjectRef.clusterScoped("prod-eu", "Node", name), "m5.large", "us-east-1", "us-east-1a",
                NodeInfo.CapacityType.ON_DEMAND, "general", new ResourceAmounts(cores, gib * GIB),
                new ResourceAmounts(cores - 0.08, (gib - 1) * GIB), cores * CPU + gib * RAM, new UnitPrices(CPU, RAM),
                "catalog", Map.of(), H0);
    }
}
