package io.reclaimer.reports;

import static io.reclaimer.reports.ReportFixtures.FINOPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weekly report shows request savings and node savings apart, and says which is realizable now. */
class SavingsSplitTest {

    private final Instant now = Instant.now();

    private static Finding node(FindingKind kind, String resource, double usd, Map<String, String> evidence, Instant now) {
        return new Finding(Finding.idFor(kind, resource), kind, resource, kind == FindingKind.UNDERUTILIZED_NODE ? "Node"
                : "NodePool", resource.substring(resource.lastIndexOf('/') + 1), "kubernetes", "prod", "", "", "us-east-1",
                usd, now.minus(Duration.ofDays(3)), now, null, evidence, Map.of(), Map.of(), Map.of());
    }

    private WeeklyReport fleetReport() {
        ReportInputs fleet = ReportFixtures.fleet(now);
        List<Finding> findings = new ArrayList<>(fleet.findings());
        findings.add(node(FindingKind.NODE_POOL_CONSOLIDATION, "prod//NodePool/general", 280.32,
                Map.of("realizableNowMonthlyUsd", "140.16"), now));
        findings.add(node(FindingKind.UNDERUTILIZED_NODE, "prod//Node/n1", 140.16, Map.of(), now));
        ReportInputs inputs = new ReportInputs(fleet.recommendations(), findings, fleet.namespaces(),
                fleet.actionRequests(), fleet.actionResults());
        return new ReportBuilder(ReportConfig.DEFAULTS.withDefaultRecipients(List.of(FINOPS)))
                .build(inputs, now, List.of(FINOPS)).get(0);
    }

    @Test
    void nodeSavingsAreRealizableNowAndRequestSavingsOnlyAsNodesGoAwayNeitherCountedTwice() {
        WeeklyReport report = fleetReport();

        SavingsSplit split = report.savings();
        assertThat(split.requestUsd()).isCloseTo(205.50, within(0.001));
        assertThat(split.nodeUsd()).isCloseTo(280.32, within(0.001));
        assertThat(split.nodeRealizableNowUsd()).isCloseTo(140.16, within(0.001));
        assertThat(split.nodeAfterRightsizingUsd()).isCloseTo(140.16, within(0.001));
        assertThat(split.pools()).isEqualTo(1);
        assertThat(split.underutilizedNodes()).isEqualTo(1);
        // the node findings are the rightsizing's money seen at the nodes: the waste total is the same without them
        assertThat(report.totals().monthlyWasteUsd()).isCloseTo(274.10, within(0.001));
        assertThat(report.totals().orphans()).isEqualTo(3);
    }

    @Test
    void bothRenderingsSayWhichIsRealizableNow() {
        RenderedReport rendered = new ReportRenderer(ReportConfig.DEFAULTS).render(fleetReport());

        assertThat(rendered.text()).contains("request savings: $205.50/month (rightsizing): realizable only as nodes go away")
                .contains("node savings:    $280.32/month (1 node pools): realizable now, $140.16/month at today's requests")
                .contains("underutilized:   $140.16/month (1 nodes; the same money as the node savings, not added)");
        assertThat(rendered.html()).contains("Node savings &middot; realizable now", "id=\"node-savings\"",
                "Request savings &middot; realizable as nodes go away");
    }
}
