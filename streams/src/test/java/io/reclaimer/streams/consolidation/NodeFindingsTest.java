package io.reclaimer.streams.consolidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.streams.consolidation.PoolAssessment.Member;
import io.reclaimer.streams.consolidation.PoolItems.PoolContainer;
import io.reclaimer.streams.consolidation.PoolItems.PoolNode;
import io.reclaimer.streams.consolidation.PoolItems.Recommended;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.findings.Assessment.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeFindingsTest {

    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    private static final double GIB = 1024.0 * 1024 * 1024;

    private static PoolNode node(String name, String capacityType) {
        // m5.xlarge allocatable: 3.92 cores, 14.5 GiB, $0.192/h on demand
        return new PoolNode(name, "m5.xlarge", "us-east-1", capacityType, 3.92, 14.5 * GIB, 0, 58, 0.192,
                "aws-price-list", false, "us-east-1a");
    }

    private static Member member(String workload, String kind, int replicas, double cpu, double gib,
                                 Map<String, Integer> placement, Recommended recommended) {
        return new Member(new PoolContainer(workload, kind, replicas, cpu, gib * GIB, 0, placement), recommended);
    }

    private static Assessment of(List<Assessment> all, String resource) {
        return all.stream().filter(a -> a.findingId().endsWith(":" + resource)).findFirst().orElseThrow();
    }

    @Test
    void aNodeWhosePodsRequestLittleAtTheirRecommendedValuesIsUnderutilizedAtItsNodeHours() {
        List<PoolNode> nodes = List.of(node("n1", "ON_DEMAND"), node("n2", "ON_DEMAND"));
        List<Member> members = List.of(
                // 2 cores per pod today, 0.5 recommended: n1's three pods request 6 cores today, 1.5 recommended
                member("shop/Deployment/web", "Deployment", 4, 2.0, 1, Map.of("n1", 3, "n2", 1), new Recommended(0.5, GIB)),
                member("shop/Deployment/api", "Deployment", 1, 1.0, 2, Map.of("n2", 1), null),
                member("monitoring/DaemonSet/exporter", "DaemonSet", 2, 0.1, 0.125, Map.of("n1", 1, "n2", 1), null));

        List<Assessment> out = NodeFindings.underutilized("prod", "general", nodes, members, 0.5, NOW);

        Assessment n1 = of(out, "prod//Node/n1");
        assertThat(n1.verdict()).isEqualTo(Verdict.WASTE);
        assertThat(n1.kind()).isEqualTo(FindingKind.UNDERUTILIZED_NODE);
        assertThat(n1.draft().monthlyUsd()).isCloseTo(0.192 * 730, within(1e-9));
        assertThat(n1.draft().resourceKind()).isEqualTo("Node");
        assertThat(n1.draft().evidence()).containsEntry("cpuRequestedCores", "1.6").containsEntry("pods", "4")
                .containsEntry("requestShare", "0.4082").containsEntry("maxRequestShare", "0.5");
        // n2: 0.5 + 1 + 0.1 = 1.6 cores (0.41), but 1 + 2 + 0.125 GiB of 14.5 (0.22): under on both, so waste too
        assertThat(of(out, "prod//Node/n2").verdict()).isEqualTo(Verdict.WASTE);

        List<Assessment> stricter = NodeFindings.underutilized("prod", "general", nodes, members, 0.4, NOW);
        assertThat(stricter).allSatisfy(a -> assertThat(a.verdict()).isEqualTo(Verdict.CLEAN));
    }

    @Test
    void withoutTheRecommendationTheNodeIsJudgedAtTodaysRequests() {
        List<Member> members = List.of(member("shop/Deployment/web", "Deployment", 3, 2.0, 1, Map.of("n1", 3), null));
        List<Assessment> out = NodeFindings.underutilized("prod", "general", List.of(node("n1", "ON_DEMAND")), members,
                0.5, NOW);
        assertThat(out).singleElement().satisfies(a -> assertThat(a.verdict()).isEqualTo(Verdict.CLEAN));
    }

    @Test
    void aPoolWhosePlacementIsUnknownIsNotJudged() {
        List<Member> members = List.of(member("shop/Deployment/web", "Deployment", 3, 0.1, 0.1, Map.of(), null));
        List<Assessment> out = NodeFindings.underutilized("prod", "general", List.of(node("n1", "ON_DEMAND")), members,
                0.5, NOW);
        assertThat(out).singleElement().satisfies(a -> assertThat(a.verdict()).isEqualTo(Verdict.CLEAN));
    }

    @Test
    void aReplicatedNonProductionDeploymentOnOnDemandNodesIsSpotEligibleAtItsShareOfTheDifference() {
        List<PoolNode> nodes = List.of(node("n1", "ON_DEMAND"), node("n2", "ON_DEMAND"));
        List<Member> members = List.of(
                member("dev-1/Deployment/web", "Deployment", 3, 0.98, 2, Map.of(), null),
                member("dev-1/Deployment/web", "Deployment", 3, 0.0, 0.5, Map.of(), null),
                member("dev-1/StatefulSet/db", "StatefulSet", 3, 1, 2, Map.of(), null),
                member("dev-1/Deployment/single", "Deployment", 1, 1, 2, Map.of(), null),
                member("shop/Deployment/web", "Deployment", 3, 1, 2, Map.of(), null),
                member("unknown/Deployment/web", "Deployment", 3, 1, 2, Map.of(), null));
        Map<String, Boolean> nonProduction = new java.util.HashMap<>(Map.of("dev-1", true, "shop", false));
        NodeFindings.SpotPrices spot = (region, zone, type) -> Optional.of(0.072);

        List<Assessment> out = NodeFindings.spotEligible("prod", "general", nodes, members, nonProduction, spot, NOW);

        Assessment web = of(out, "prod/dev-1/Deployment/web");
        assertThat(web.verdict()).isEqualTo(Verdict.WASTE);
        // a pod: 0.98 of 3.92 cores = 0.25 of the node (memory 2.5 of 14.5 GiB is less); 3 x 0.25 x (0.192 - 0.072) x 730
        assertThat(web.draft().monthlyUsd()).isCloseTo(3 * 0.25 * 0.12 * 730, within(1e-9));
        assertThat(web.draft().namespace()).isEqualTo("dev-1");
        assertThat(web.draft().evidence()).containsEntry("replicas", "3").containsEntry("spotUsdPerHour", "0.072")
                .containsEntry("onDemandUsdPerHour", "0.192");
        assertThat(of(out, "prod/dev-1/StatefulSet/db").verdict()).as("not stateless by its kind").isEqualTo(Verdict.CLEAN);
        assertThat(of(out, "prod/dev-1/Deployment/single").verdict()).as("one replica").isEqualTo(Verdict.CLEAN);
        assertThat(of(out, "prod/shop/Deployment/web").verdict()).as("production").isEqualTo(Verdict.CLEAN);
        assertThat(of(out, "prod/unknown/Deployment/web").verdict()).as("environment not known").isEqualTo(Verdict.CLEAN);
    }

    @Test
    void aPoolWithSpotNodesOrWithoutSpotPricesHasNoSpotEligibleWorkloads() {
        List<Member> members = List.of(member("dev-1/Deployment/web", "Deployment", 3, 1, 2, Map.of(), null));
        Map<String, Boolean> nonProduction = Map.of("dev-1", true);
        assertThat(NodeFindings.spotEligible("prod", "general", List.of(node("n1", "ON_DEMAND"), node("n2", "SPOT")),
                members, nonProduction, (r, z, t) -> Optional.of(0.07), NOW))
                .singleElement().satisfies(a -> assertThat(a.verdict()).isEqualTo(Verdict.CLEAN));
        assertThat(NodeFindings.spotEligible("prod", "general", List.of(node("n1", "ON_DEMAND")), members, nonProduction,
                (r, z, t) -> Optional.empty(), NOW))
                .singleElement().satisfies(a -> assertThat(a.verdict()).isEqualTo(Verdict.CLEAN));
    }
}
