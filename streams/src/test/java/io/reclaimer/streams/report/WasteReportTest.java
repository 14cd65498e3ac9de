package io.reclaimer.streams.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostAllocation.Level;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WasteReportTest {

    private static final Instant T0 = Instant.parse("2026-11-02T11:00:00Z");

    @Test
    void theReportHasTheFourSectionsWithFindingsMostExpensiveFirst() throws Exception {
        WasteReport report = WasteReport.of(List.of(rec("cart", 42.5), rec("web", -3.0), rec("api", 10.0)),
                List.of(finding(FindingKind.UNATTACHED_VOLUME, "aws/1/eu-west-1/vol-1", 40.0),
                        finding(FindingKind.IDLE_LOAD_BALANCER, "aws/1/eu-west-1/lb", 16.425),
                        finding(FindingKind.OVERPROVISIONED_CONTAINER, "prod-eu/shop/Deployment/cart/app", 42.5)),
                List.of(allocation(Level.CLUSTER, null, 70.08), allocation(Level.NAMESPACE, "shop", 30.0),
                        allocation(Level.WORKLOAD, "shop", 30.0)),
                List.of(CostReconciliation.of("prod-eu", LocalDate.of(2026, 10, 30), "cluster", "UnblendedCost", 60, 2.4,
                                62.4, 24, 80.0, false, T0),
                        CostReconciliation.of("prod-eu", LocalDate.of(2026, 11, 2), "cluster", "UnblendedCost", 60, 2.4,
                                62.4, 10, null, null, T0)));

        JsonNode json = Json.mapper().readTree(report.toJson());
        assertThat(json.fieldNames()).toIterable().containsExactly("recommendations", "findings", "costs", "totals");

        JsonNode first = json.get("findings").get(0);
        assertThat(first.get("kind").asText()).isEqualTo("overprovisioned-container");
        assertThat(first.fieldNames()).toIterable().containsExactly("id", "kind", "resource", "cluster", "namespace",
                "monthlyUsd", "evidence", "since");
        assertThat(json.get("findings").get(1).get("id").asText()).isEqualTo("unattached-volume:aws/1/eu-west-1/vol-1");
        assertThat(json.get("findings").get(2).get("monthlyUsd").asDouble()).isEqualTo(16.43);
        assertThat(json.get("findings").get(1).get("since").asText()).isEqualTo("2026-10-03T11:00:00Z");

        // waste: findings without the rightsizing ones (40 + 16.425); savings: positive recommendations only
        assertThat(json.get("totals").get("monthlyWasteUsd").asDouble()).isEqualTo(56.43);
        assertThat(json.get("totals").get("monthlySavingsUsd").asDouble()).isEqualTo(52.5);

        assertThat(json.get("recommendations").get(0).get("container").get("workloadName").asText()).isEqualTo("cart");
        assertThat(json.get("recommendations").get(0).get("schema").asText()).isEqualTo("recommendation/v1");

        JsonNode costs = json.get("costs");
        assertThat(costs).hasSize(2);
        assertThat(costs.get(0).get("level").asText()).isEqualTo("cluster");
        assertThat(costs.get(0).get("monthlyUsd").asDouble()).isEqualTo(70.08);
        // the latest day with an invoice is the one reconciled
        assertThat(costs.get(0).get("reconciliation").get("date").asText()).isEqualTo("2026-10-30");
        assertThat(costs.get(0).get("reconciliation").get("deltaUsd").asDouble()).isEqualTo(17.6);
        assertThat(costs.get(1).get("namespace").asText()).isEqualTo("shop");
        assertThat(costs.get(1).get("reconciliation").isNull()).isTrue();
    }

    @Test
    void anEmptyFleetGivesAnEmptyReportWithZeroTotals() throws Exception {
        JsonNode json = Json.mapper().readTree(WasteReport.of(List.of(), List.of(), List.of(), List.of()).toJson());
        assertThat(json.get("findings")).isEmpty();
        assertThat(json.get("totals").get("monthlyWasteUsd").asDouble()).isZero();
    }

    private static Recommendation rec(String workload, double savings) {
        ContainerRef c = new ContainerRef("prod-eu", "shop", "Deployment", workload, "app");
        return new Recommendation(c, "vpa", new Recommendation.Cpu(1.0, 0.2, 0.1, 0.4),
                new Recommendation.Memory(1024L << 20, 400L << 20, 300L << 20, 600L << 20), 0.9, savings, 2, false, false,
                false, 100, T0, T0, T0, Map.of(), Map.of());
    }

    private static Finding finding(FindingKind kind, String resource, double usd) {
        return new Finding(Finding.idFor(kind, resource), kind, resource, "X", "x", "aws", "prod-eu", "", "1", "eu-west-1",
                usd, T0.minusSeconds(30L * 86400), T0, null, Map.of("k", "v"), Map.of(), Map.of(), Map.of());
    }

    private static CostAllocation allocation(Level level, String namespace, double monthly) {
        return new CostAllocation(level, "prod-eu", namespace, level == Level.WORKLOAD ? "Deployment" : null,
                level == Level.WORKLOAD ? "web" : null, null, T0.minusSeconds(86400), T0, 24, 1, 1, 1, 1, 1, monthly / 730 * 24,
                monthly / 730, monthly, T0);
    }
}
