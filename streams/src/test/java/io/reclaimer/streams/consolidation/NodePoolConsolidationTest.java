package io.reclaimer.streams.consolidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.pricing.InstanceTypePrice;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.waste.WasteConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePoolConsolidationTest {

    // event time of the inputs: the topology ages findings in event time, so a fixed instant is the input's own clock
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final long GIB = 1L << 30;
    private static final double M5_XLARGE = 0.192;
    private static final ContainerRef WEB = new ContainerRef("prod", "shop", "Deployment", "web", "web");
    private static final ContainerRef EXPORTER = new ContainerRef("prod", "monitoring", "DaemonSet", "node-exporter", "exporter");

    private final Topics topics = Topics.defaults();
    private Driver driver;

    @TempDir
    Path state;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(int thresholdDays) {
        WasteConfig config = WasteConfig.DEFAULTS.withThresholds(
                new WasteConfig.Thresholds(null, null, null, null, null, null, null, null, null, thresholdDays));
        driver = new Driver(NodePoolConsolidation.build(topics, config), topics, state);
    }

    private void node(String name, Instant at) {
        ObjectRef ref = ObjectRef.clusterScoped("prod", "Node", name);
        // m5.xlarge: 4 vCPU, 16 GiB; the kubelet's reservations leave 3.92 cores and 14.5 GiB allocatable
        driver.pipe(topics.kubernetesInventory(), ref.key(), (KubernetesObject) new NodeInfo(ref, "m5.xlarge", "us-east-1",
                "us-east-1a", NodeInfo.CapacityType.ON_DEMAND, "general",
                new ResourceAmounts(4.0, 16 * GIB, Map.of("pods", 58.0)),
                new ResourceAmounts(3.92, (long) (14.5 * GIB), Map.of("pods", 58.0)), M5_XLARGE,
                new UnitPrices(0.0316, 0.0042, null), "aws-price-list", Map.of("kubernetes.io/arch", "amd64"), at));
    }

    private void nodes(int count) {
        for (int i = 1; i <= count; i++) {
            node("node-" + i, T0);
        }
    }

    private void container(ContainerRef c, int replicas, double cpu, long memory, Instant at) {
        driver.pipe(topics.workloads(), c.key(), new WorkloadContainerSpec(c, replicas, new ResourceAmounts(cpu, memory),
                null, WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, new UnitPrices(0.0316, 0.0042, null),
                Map.of(), Map.of(), at));
    }

    private void recommend(ContainerRef c, double cpu, long memory) {
        driver.pipe(topics.recommendations(), c.key(), new Recommendation(c, "default",
                new Recommendation.Cpu(1.0, cpu, cpu * 0.8, cpu * 1.5),
                new Recommendation.Memory(2 * GIB, memory, memory / 2, memory * 2), 0.9, 10.0, 6, false, false, false,
                1000, T0.minus(Duration.ofDays(8)), T0, T0, Map.of(), Map.of()));
    }

    private void price(String type, double vcpu, double gib, double usd, String arch) {
        InstanceTypePrice p = new InstanceTypePrice("us-east-1", type, vcpu, gib, 0, arch,
                "arm64".equals(arch) ? "AWS Graviton2 Processor" : "Intel Xeon", usd, "SKU-" + type, "aws-price-list", T0);
        driver.pipe(topics.prices(), p.key(), (PriceRecord) p);
    }

    /** Dirty pools are packed on the wall-clock punctuation (every ageCheckIntervalSeconds, 60 by default). */
    private void pack() {
        driver.advanceWallClock(Duration.ofSeconds(61));
    }

    private Finding finding() {
        return driver.table(topics.findings()).get(Finding.idFor(FindingKind.NODE_POOL_CONSOLIDATION, "prod//NodePool/general"));
    }

    @Test
    void nodesThePoolsPodsLeaveEmptyAreTheFindingPricedAtTheirNodeHours() {
        start(0);
        nodes(4);
        container(WEB, 6, 1.0, 2 * GIB, T0);
        container(EXPORTER, 1, 0.1, 128L << 20, T0);
        pack();

        Finding f = finding();
        assertThat(f).as("4 nodes of 3.82 free cores hold 6 one-core pods on 2").isNotNull();
        assertThat(f.monthlyUsd()).isCloseTo(2 * M5_XLARGE * 730, within(0.01));
        assertThat(f.resourceKind()).isEqualTo("NodePool");
        assertThat(f.cluster()).isEqualTo("prod");
        assertThat(f.region()).isEqualTo("us-east-1");
        assertThat(f.evidence()).containsEntry("nodes", "4").containsEntry("nodesNeeded", "2")
                .containsEntry("removableNodes", "2").containsEntry("removableByInstanceType", "m5.xlarge x2")
                .containsEntry("price", "2 x m5.xlarge on-demand at $0.192/h x 730 h")
                .containsEntry("priceSource", "aws-price-list")
                .containsEntry("daemonSetOverheadPerNode", "0.1 cores, 0.125 GiB, 1 pods")
                .containsEntry("podsAtRecommendedRequests", "0")
                .containsEntry("realizableNowMonthlyUsd", "280.32");
    }

    @Test
    void podsArePackedAtTheirRecommendedRequestsAndTodaysRequestsSayWhatIsRealizableNow() {
        start(0);
        nodes(4);
        container(WEB, 6, 1.0, 2 * GIB, T0);
        container(EXPORTER, 1, 0.1, 128L << 20, T0);
        recommend(WEB, 0.5, GIB);
        pack();

        Finding f = finding();
        assertThat(f.monthlyUsd()).as("7 half-core pods fit a node: 3 of 4 nodes go").isCloseTo(3 * M5_XLARGE * 730, within(0.01));
        assertThat(f.evidence()).containsEntry("removableNodes", "3").containsEntry("podsAtRecommendedRequests", "6")
                .containsEntry("removableNodesAtCurrentRequests", "2").containsEntry("realizableNowMonthlyUsd", "280.32");
    }

    @Test
    void theDaemonSetsRequestsAreReservedOnEveryNodeBeforeAnyPodIsPlaced() {
        start(0);
        nodes(4);
        container(WEB, 6, 1.3, 2 * GIB, T0);
        pack();
        assertThat(finding().evidence()).as("three 1.3-core pods fit 3.92 cores").containsEntry("removableNodes", "2");

        container(EXPORTER, 1, 0.1, 128L << 20, T0.plusSeconds(60));
        pack();
        assertThat(finding().evidence()).as("not in the 3.82 cores a DaemonSet leaves").containsEntry("removableNodes", "1");
        assertThat(finding().monthlyUsd()).isCloseTo(M5_XLARGE * 730, within(0.01));
    }

    @Test
    void aPoolItsPodsNeedWhollyHasNoFindingAndScalingUpResolvesOne() {
        start(0);
        nodes(4);
        container(WEB, 6, 1.0, 2 * GIB, T0);
        pack();
        assertThat(finding()).isNotNull();

        container(WEB, 12, 1.0, 2 * GIB, T0.plusSeconds(120));
        pack();
        assertThat(finding()).as("12 one-core pods need the 4 nodes").isNull();
        assertThat(driver.records(topics.findings())).anyMatch(r -> r.value() == null);
    }

    @Test
    void aPoolWithoutAnyKnownWorkloadIsNotJudged() {
        start(0);
        nodes(4);
        pack();
        assertThat(finding()).as("the workloads may simply not have been read yet").isNull();
        assertThat(driver.records(topics.findings())).isEmpty();
    }

    @Test
    void aDeletedNodeLeavesThePoolAndThePoolIsPackedAgain() {
        start(0);
        nodes(4);
        container(WEB, 6, 1.0, 2 * GIB, T0);
        pack();
        assertThat(finding().evidence()).containsEntry("removableNodes", "2");

        driver.pipe(topics.kubernetesInventory(), ObjectRef.clusterScoped("prod", "Node", "node-4").key(), null);
        driver.pipe(topics.kubernetesInventory(), ObjectRef.clusterScoped("prod", "Node", "node-3").key(), null);
        pack();
        assertThat(finding()).as("two nodes left, both needed").isNull();
    }

    @Test
    void theCheapestInstanceTypeForThePoolsShapeIsNamedAndACheaperGravitonTypeIsOnlyACandidate() {
        start(0);
        price("m5.xlarge", 4, 16, 0.192, "x86_64");
        price("c5.2xlarge", 8, 16, 0.34, "x86_64");
        price("m6g.xlarge", 4, 16, 0.154, "arm64");
        nodes(4);
        container(WEB, 6, 1.0, 2 * GIB, T0);
        container(EXPORTER, 1, 0.1, 128L << 20, T0);
        pack();

        // 6.2 cores with the DaemonSets of 2 nodes: one c5.2xlarge ($0.34/h) beats two m5.xlarge ($0.384/h)
        assertThat(finding().evidence()).containsEntry("cheapestInstanceType", "c5.2xlarge")
                .containsEntry("cheapestInstanceTypeNodes", "1").containsEntry("cheapestInstanceTypeMonthlyUsd", "248.2")
                .containsEntry("gravitonCandidate", "m6g.xlarge x2 at $224.84/month, if every image is multi-arch");
    }

    @Test
    void theFindingWaitsForItsThresholdAndIsPublishedByTheAgeCheckWhenNothingMoreArrives() {
        start(1);
        nodes(4);
        container(WEB, 6, 1.0, 2 * GIB, T0);
        pack();
        assertThat(finding()).as("oversized for less than a day").isNull();

        driver.advanceWallClock(Duration.ofDays(1).plusMinutes(2));
        Finding f = finding();
        assertThat(f).as("a quiet cluster sends nothing more: the age check publishes it").isNotNull();
        assertThat(f.since()).isEqualTo(T0);
        assertThat(f.monthlyUsd()).isCloseTo(2 * M5_XLARGE * 730, within(0.01));
    }
}
