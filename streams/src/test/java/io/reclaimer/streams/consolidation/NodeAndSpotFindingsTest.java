package io.reclaimer.streams.consolidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.SpotPrice;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.waste.WasteConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code underutilized-node} and {@code spot-eligible} from the node-pool topology, on the packing punctuation. */
class NodeAndSpotFindingsTest {

    // event time of the inputs: the topology ages findings in event time, so a fixed instant is the input's own clock
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final long GIB = 1L << 30;
    private static final double M5_XLARGE = 0.192;
    private static final ContainerRef WEB = new ContainerRef("prod", "dev-1", "Deployment", "web", "web");
    private static final ContainerRef SHOP = new ContainerRef("prod", "shop", "Deployment", "cart", "cart");

    private final Topics topics = Topics.defaults();
    private Driver driver;

    @TempDir
    Path state;

    @BeforeEach
    void start() {
        WasteConfig config = WasteConfig.DEFAULTS.withThresholds(new WasteConfig.Thresholds(null, null, null, null, null,
                null, null, null, null, 0, 0, 0));
        driver = new Driver(NodePoolConsolidation.build(topics, config), topics, state);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void node(String name) {
        ObjectRef ref = ObjectRef.clusterScoped("prod", "Node", name);
        driver.pipe(topics.kubernetesInventory(), ref.key(), (KubernetesObject) new NodeInfo(ref, "m5.xlarge", "us-east-1",
                "us-east-1a", NodeInfo.CapacityType.ON_DEMAND, "general",
                new ResourceAmounts(4.0, 16 * GIB, Map.of("pods", 58.0)),
                new ResourceAmounts(3.92, (long) (14.5 * GIB), Map.of("pods", 58.0)), M5_XLARGE,
                new UnitPrices(0.0316, 0.0042, null), "aws-price-list", Map.of(), T0));
    }

    private void namespace(String name, String env) {
        ObjectRef ref = ObjectRef.clusterScoped("prod", "Namespace", name);
        driver.pipe(topics.kubernetesInventory(), ref.key(), (KubernetesObject) new NamespaceInfo(ref, Map.of("env", env),
                Map.of(), T0.minus(Duration.ofDays(30)), T0, "uid-" + name));
    }

    private void container(ContainerRef c, int replicas, double cpu, Map<String, Integer> placement) {
        driver.pipe(topics.workloads(), c.key(), new WorkloadContainerSpec(c, replicas, new ResourceAmounts(cpu, 2 * GIB),
                null, WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, new UnitPrices(0.0316, 0.0042, null),
                Map.of(), Map.of(), T0, null, "uid", placement));
    }

    private void recommend(ContainerRef c, double cpu) {
        driver.pipe(topics.recommendations(), c.key(), new Recommendation(c, "default",
                new Recommendation.Cpu(1.0, cpu, cpu * 0.8, cpu * 1.5),
                new Recommendation.Memory(2 * GIB, GIB, GIB / 2, 2 * GIB), 0.9, 10.0, 6, false, false, false,
                1000, T0.minus(Duration.ofDays(8)), T0, T0, Map.of(), Map.of()));
    }

    private void spot(double usdPerHour) {
        SpotPrice p = new SpotPrice("us-east-1", "us-east-1a", "m5.xlarge", "Linux/UNIX", usdPerHour, T0, T0);
        driver.pipe(topics.prices(), p.key(), (PriceRecord) p);
    }

    private void pack() {
        driver.advanceWallClock(Duration.ofSeconds(61));
    }

    private Finding finding(FindingKind kind, String resource) {
        return driver.table(topics.findings()).get(Finding.idFor(kind, resource));
    }

    @Test
    void aNodeWhosePodsAtTheirRecommendedRequestsFillLittleOfItIsUnderutilizedAndResolvedWhenItFillsUp() {
        node("n1");
        node("n2");
        container(SHOP, 4, 1.5, Map.of("n1", 2, "n2", 2));
        pack();
        assertThat(finding(FindingKind.UNDERUTILIZED_NODE, "prod//Node/n1")).as("3 of 3.92 cores requested today").isNull();

        recommend(SHOP, 0.5);
        pack();
        Finding n1 = finding(FindingKind.UNDERUTILIZED_NODE, "prod//Node/n1");
        assertThat(n1).as("1 of 3.92 cores at the recommended requests").isNotNull();
        assertThat(n1.monthlyUsd()).isCloseTo(M5_XLARGE * 730, within(1e-9));
        assertThat(n1.evidence()).containsEntry("cpuRequestedCores", "1").containsEntry("nodePool", "general");
        assertThat(finding(FindingKind.UNDERUTILIZED_NODE, "prod//Node/n2")).isNotNull();

        container(SHOP, 8, 1.5, Map.of("n1", 6, "n2", 2));
        pack();
        assertThat(finding(FindingKind.UNDERUTILIZED_NODE, "prod//Node/n1")).as("6 pods of 0.5 cores").isNull();
        assertThat(finding(FindingKind.UNDERUTILIZED_NODE, "prod//Node/n2")).isNotNull();
    }

    @Test
    void aReplicatedDeploymentOfANonProductionNamespaceOnOnDemandNodesIsSpotEligiblePricedAtTheSpotDifference() {
        node("n1");
        node("n2");
        spot(0.072);
        namespace("dev-1", "dev");
        namespace("shop", "production");
        container(WEB, 3, 0.98, Map.of("n1", 2, "n2", 1));
        container(SHOP, 3, 0.98, Map.of("n1", 1, "n2", 2));
        pack();

        Finding web = finding(FindingKind.SPOT_ELIGIBLE, "prod/dev-1/Deployment/web");
        assertThat(web).isNotNull();
        // a pod is a quarter of an m5.xlarge (0.98 of 3.92 cores): 3 x 0.25 x (0.192 - 0.072) x 730
        assertThat(web.monthlyUsd()).isCloseTo(3 * 0.25 * 0.12 * 730, within(1e-6));
        assertThat(web.namespace()).isEqualTo("dev-1");
        assertThat(finding(FindingKind.SPOT_ELIGIBLE, "prod/shop/Deployment/cart")).as("production").isNull();

        namespace("dev-1", "production");
        pack();
        assertThat(finding(FindingKind.SPOT_ELIGIBLE, "prod/dev-1/Deployment/web"))
                .as("the namespace became production: resolved").isNull();
    }
}
