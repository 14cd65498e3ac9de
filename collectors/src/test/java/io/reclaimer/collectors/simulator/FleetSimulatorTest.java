package io.reclaimer.collectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private static final Instant MONDAY_NOON = Instant.parse("2026-11-02T11:00:00Z");
    private final Topics topics = Topics.defaults();

    private FleetSimulator simulator(int clusters, long seed, Duration history) {
        SimulatorConfig config = new SimulatorConfig(clusters, seed, history, null, null, null, MONDAY_NOON, null, null);
        return new FleetSimulator(config, topics, Clock.fixed(MONDAY_NOON, ZoneOffset.UTC));
    }

    @Test
    void theSameSeedGivesTheSameFleetAndTheSameSamples() {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        simulator(2, 7, Duration.ofHours(6)).emitHistory(a);
        simulator(2, 7, Duration.ofHours(6)).emitHistory(b);
        assertThat(a.events).isEqualTo(b.events);

        RecordingSink other = new RecordingSink();
        simulator(2, 8, Duration.ofHours(6)).emitHistory(other);
        assertThat(other.values(UsageSample.class)).isNotEqualTo(a.values(UsageSample.class));
    }

    @Test
    void emitsOneSamplePerRunningPodContainerEveryInterval() {
        FleetSimulator simulator = simulator(1, 42, Duration.ZERO);
        RecordingSink sink = new RecordingSink();
        simulator.emitUsage(sink, MONDAY_NOON);
        List<UsageSample> samples = sink.values(UsageSample.class);
        assertThat(samples).allSatisfy(s -> assertThat(s.timestamp()).isEqualTo(MONDAY_NOON));
        Set<String> podContainers = samples.stream().map(s -> s.container().namespace() + "/" + s.pod() + "/" + s.container().container()).collect(Collectors.toSet());
        assertThat(podContainers).hasSameSizeAs(samples);
        assertThat(samples).filteredOn(s -> s.container().workloadName().equals("ledger")).extracting(UsageSample::pod)
                .containsExactlyInAnyOrder("ledger-0", "ledger-1", "ledger-2");
        assertThat(samples).filteredOn(s -> s.container().workloadName().equals("frontend")
                && s.container().namespace().equals("shop")).extracting(s -> s.container().container())
                .contains("app", "envoy");
    }

    @Test
    void nonProductionWorkloadsIdleAtNightAndOnWeekends() {
        FleetSimulator simulator = simulator(1, 42, Duration.ZERO);
        double noon = cpuOf(simulator, "staging-shop", "frontend", MONDAY_NOON);
        double night = cpuOf(simulator, "staging-shop", "frontend", Instant.parse("2026-11-02T01:00:00Z"));
        double saturday = cpuOf(simulator, "staging-shop", "frontend", Instant.parse("2026-11-07T11:00:00Z"));
        assertThat(night).isLessThan(noon / 10);
        assertThat(saturday).isLessThan(noon / 10);
        assertThat(Archetype.OFFICE_ZONE).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void theLeakingServiceGrowsToItsLimitAndIsOomKilled() {
        FleetSimulator simulator = simulator(1, 42, Duration.ofDays(3));
        RecordingSink sink = new RecordingSink();
        simulator.emitHistory(sink);
        List<ContainerEvent> ooms = sink.values(ContainerEvent.class);
        assertThat(ooms).isNotEmpty().allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(ContainerEvent.Type.OOM_KILLED);
            assertThat(e.container().workloadName()).isEqualTo("fraud-scorer");
            assertThat(e.memoryBytesAtEvent()).isEqualTo(1024L << 20);
        });
        long peak = sink.values(UsageSample.class).stream().filter(s -> s.container().workloadName().equals("fraud-scorer"))
                .mapToLong(UsageSample::memoryWorkingSetBytes).max().orElseThrow();
        assertThat(peak).isGreaterThan(1000L << 20).isLessThanOrEqualTo(1024L << 20);
    }

    @Test
    void hpaScaledWorkloadsRunMorePodsUnderLoad() {
        FleetSimulator simulator = simulator(1, 42, Duration.ZERO);
        long podsAtNoon = podsOf(simulator, "search", "query", MONDAY_NOON);
        long podsAtNight = podsOf(simulator, "search", "query", Instant.parse("2026-11-02T02:00:00Z"));
        assertThat(podsAtNoon).isGreaterThan(podsAtNight);
        RecordingSink sink = new RecordingSink();
        simulator.emitInventory(sink, MONDAY_NOON);
        assertThat(sink.values(WorkloadContainerSpec.class)).filteredOn(s -> s.container().workloadName().equals("query"))
                .singleElement().satisfies(spec -> {
                    assertThat(spec.hpa().scalesOnCpu()).isTrue();
                    assertThat(spec.replicas()).isEqualTo((int) podsAtNoon);
                });
    }

    @Test
    void everyWorkloadContainerIsPricedFromItsNodes() {
        RecordingSink sink = new RecordingSink();
        simulator(2, 42, Duration.ZERO).emitInventory(sink, MONDAY_NOON);
        assertThat(sink.values(WorkloadContainerSpec.class)).isNotEmpty().allSatisfy(spec -> {
            assertThat(spec.prices()).isNotNull();
            assertThat(spec.prices().cpuUsdPerCoreHour()).isPositive();
        });
        List<NodeInfo> nodes = sink.values(NodeInfo.class);
        assertThat(nodes).extracting(NodeInfo::capacityType).contains(NodeInfo.CapacityType.SPOT, NodeInfo.CapacityType.ON_DEMAND);
        assertThat(nodes).allSatisfy(n -> assertThat(n.hourlyUsd()).isPositive());
    }

    @Test
    void plantedWasteIsGroundTruthThatExistsInTheEmittedInventory() {
        FleetSimulator simulator = simulator(2, 42, Duration.ZERO);
        RecordingSink sink = new RecordingSink();
        simulator.emitInventory(sink, MONDAY_NOON);
        Set<String> keys = new HashSet<>();
        sink.events.forEach(e -> keys.add(e.key()));

        Map<FindingKind, Long> perKind = simulator.plantedWaste().stream()
                .collect(Collectors.groupingBy(PlantedWaste::kind, Collectors.counting()));
        assertThat(perKind).containsEntry(FindingKind.UNATTACHED_VOLUME, 4L).containsEntry(FindingKind.UNASSOCIATED_ADDRESS, 2L)
                .containsEntry(FindingKind.IDLE_LOAD_BALANCER, 4L).containsEntry(FindingKind.ORPHANED_SNAPSHOT, 2L)
                .containsEntry(FindingKind.STOPPED_INSTANCE_VOLUMES, 2L).containsEntry(FindingKind.UNUSED_PVC, 2L)
                .containsEntry(FindingKind.RELEASED_PV, 2L).containsEntry(FindingKind.SERVICE_WITHOUT_ENDPOINTS, 2L)
                .containsEntry(FindingKind.IDLE_NAMESPACE, 2L).containsEntry(FindingKind.OFF_HOURS_SCHEDULE, 4L);
        assertThat(simulator.plantedWaste()).allSatisfy(w -> assertThat(keys).contains(w.resource()));

        // the only available volumes that are not planted unattached-volumes are the fresh one and those behind PV/PVC findings
        Set<String> planted = simulator.plantedWaste().stream().map(PlantedWaste::resource).collect(Collectors.toSet());
        List<EbsVolume> available = sink.values(CloudResource.class).stream().filter(EbsVolume.class::isInstance)
                .map(EbsVolume.class::cast).filter(EbsVolume::isAvailable).toList();
        assertThat(available).filteredOn(v -> !planted.contains(v.ref().key())).allSatisfy(v -> assertThat(
                v.createdAt().isAfter(MONDAY_NOON.minus(Duration.ofDays(1))) || v.tags().keySet().stream()
                        .anyMatch(tag -> tag.startsWith("kubernetes.io/created-for/"))).isTrue());
    }

    @Test
    void billingMarksTheLastTwoDaysEstimated() {
        FleetSimulator simulator = simulator(1, 42, Duration.ofDays(5));
        RecordingSink sink = new RecordingSink();
        simulator.emitHistory(sink);
        List<BillingLine> tagLines = sink.values(BillingLine.class).stream()
                .filter(l -> l.groupKey().equals("TAG") && l.metric().equals("UnblendedCost")).toList();
        assertThat(tagLines).hasSize(5);
        assertThat(tagLines).filteredOn(BillingLine::estimated).extracting(BillingLine::date)
                .containsExactlyInAnyOrder(MONDAY_NOON.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1),
                        MONDAY_NOON.atZone(ZoneOffset.UTC).toLocalDate().minusDays(2));
        assertThat(tagLines).allSatisfy(l -> assertThat(l.amount()).isGreaterThan(10));
    }

    @Test
    void inventoryKeysAreTheContractsStableIdentities() {
        RecordingSink sink = new RecordingSink();
        simulator(1, 42, Duration.ZERO).emitInventory(sink, MONDAY_NOON);
        sink.events.forEach(e -> {
            if (e.value() instanceof WorkloadContainerSpec spec) {
                assertThat(e.key()).isEqualTo(spec.container().key());
                assertThat(ContainerRef.parse(e.key())).isEqualTo(spec.container());
            } else if (e.value() instanceof KubernetesObject object) {
                assertThat(e.key()).isEqualTo(object.ref().key());
            } else if (e.value() instanceof CloudResource resource) {
                assertThat(e.key()).isEqualTo(resource.ref().key()).startsWith("aws/123456789012/");
            }
        });
    }

    private static double cpuOf(FleetSimulator simulator, String namespace, String workload, Instant t) {
        RecordingSink sink = new RecordingSink();
        simulator.emitUsage(sink, t);
        return sink.values(UsageSample.class).stream().filter(s -> s.container().namespace().equals(namespace)
                && s.container().workloadName().equals(workload)).mapToDouble(UsageSample::cpuCores).sum();
    }

    private static long podsOf(FleetSimulator simulator, String namespace, String workload, Instant t) {
        RecordingSink sink = new RecordingSink();
        simulator.emitUsage(sink, t);
        return sink.values(UsageSample.class).stream().filter(s -> s.container().namespace().equals(namespace)
                && s.container().workloadName().equals(workload)).map(UsageSample::pod).distinct().count();
    }
}
