package io.reclaimer.streams.metrics;

import static io.reclaimer.streams.support.Fixtures.NOW;
import static io.reclaimer.streams.support.Fixtures.availableVolume;
import static io.reclaimer.streams.support.Fixtures.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.support.DriverMetrics;
import io.reclaimer.streams.waste.WasteConfig;
import io.reclaimer.streams.WasteFeatures;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scrapes the registry in Prometheus' text format and reads the samples back, as Prometheus would. */
class AnalysisMetricsTest {

    private static final double CPU = 0.0312471;
    private static final double RAM = 0.0041882;
    private static final long GIB = 1L << 30;
    private static final Instant H0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final ContainerRef CART = new ContainerRef("prod-eu", "shop", "Deployment", "cart", "app");

    private final Topics topics = Topics.defaults();
    private final Driver driver = new Driver(AnalysisTopology.build(topics, WasteFeatures.all(WasteConfig.DEFAULTS)), topics);
    private final PrometheusRegistry registry = new PrometheusRegistry();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void beforeAnythingIsAnalysedFindingCountsAreZeroAndThePipelineHealthIsExposed() throws IOException {
        AnalysisMetrics.register(registry, DriverMetrics.stateAccess(driver));
        String text = DriverMetrics.scrape(registry);
        assertThat(text).contains("# TYPE reclaimer_open_findings gauge", "# TYPE reclaimer_dead_letters_total counter",
                "# TYPE reclaimer_streams_records_processed_total counter", "# TYPE reclaimer_streams_up gauge",
                "# TYPE reclaimer_usage_late_samples_total counter")
                // families whose callbacks have nothing to report are left out until they do
                .doesNotContain("reclaimer_waste_monthly_usd", "reclaimer_namespace_cost_monthly_usd");
        assertThat(DriverMetrics.samples(text)).containsEntry("reclaimer_open_findings{kind=\"unattached-volume\"}", 0.0)
                .containsEntry("reclaimer_streams_up", 1.0);
    }

    @Test
    void recommendationsFindingsCostsAndReconciliationAreExposedWithTheirLabels() throws IOException {
        recommend();
        CloudResource volume = availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW);
        driver.pipe(topics.cloudInventory(), volume.ref().key(), volume);
        cluster();
        driver.raw().advanceWallClockTime(Duration.ofSeconds(6));
        AnalysisMetrics.register(registry, DriverMetrics.stateAccess(driver));

        Map<String, Double> samples = DriverMetrics.samples(DriverMetrics.scrape(registry));
        String container = "{cluster=\"prod-eu\",container=\"app\",namespace=\"shop\",workload=\"cart\",workload_kind=\"Deployment\"}";
        assertThat(samples).containsEntry("reclaimer_container_cpu_request_cores" + container, 1.0)
                .containsEntry("reclaimer_container_cpu_recommendation_cores" + container, 0.2)
                .containsEntry("reclaimer_container_memory_request_bytes" + container, (double) (1024L << 20))
                .containsEntry("reclaimer_container_memory_recommendation_bytes" + container, (double) (400L << 20))
                .containsEntry("reclaimer_container_savings_monthly_usd" + container, 42.5)
                .containsEntry("reclaimer_recommended_savings_monthly_usd{cluster=\"prod-eu\",namespace=\"shop\","
                        + "workload=\"cart\",workload_kind=\"Deployment\"}", 42.5)
                .containsEntry("reclaimer_namespace_recommended_savings_monthly_usd{cluster=\"prod-eu\",namespace=\"shop\"}", 42.5)
                .containsEntry("reclaimer_rightsizing_containers{cluster=\"prod-eu\"}", 1.0)
                .containsEntry("reclaimer_rightsizing_cpu_request_cores{cluster=\"prod-eu\"}", 1.0)
                .containsEntry("reclaimer_rightsizing_cpu_recommendation_cores{cluster=\"prod-eu\"}", 0.2)
                .containsEntry("reclaimer_rightsizing_memory_request_bytes{cluster=\"prod-eu\"}", (double) (1024L << 20))
                .containsEntry("reclaimer_rightsizing_memory_recommendation_bytes{cluster=\"prod-eu\"}", (double) (400L << 20))
                .containsEntry("reclaimer_open_findings{kind=\"unattached-volume\"}", 1.0)
                .containsEntry("reclaimer_open_findings{kind=\"overprovisioned-container\"}", 1.0)
                .containsEntry("reclaimer_open_findings{kind=\"released-pv\"}", 0.0)
                .containsEntry("reclaimer_open_findings_monthly_usd{kind=\"unattached-volume\"}", 40.0)
                .containsEntry("reclaimer_waste_monthly_usd{cluster=\"\",kind=\"unattached-volume\",namespace=\"\"}", 40.0)
                .containsEntry("reclaimer_waste_monthly_usd{cluster=\"prod-eu\",kind=\"overprovisioned-container\","
                        + "namespace=\"shop\"}", 42.5);

        // the m5.large of the allocation tests, web alone on it for the complete hours 10:00 and 11:00
        assertThat(samples.get("reclaimer_namespace_cost_hourly_usd{cluster=\"prod-eu\",namespace=\"shop\"}"))
                .isCloseTo(0.0959998, within(1e-6));
        assertThat(samples.get("reclaimer_namespace_cost_monthly_usd{cluster=\"prod-eu\",namespace=\"shop\"}"))
                .isCloseTo(0.0959998 * 730, within(1e-3));
        double estimate = 0.0959998 * 24 + 2.4;
        assertThat(samples.get("reclaimer_reconciliation_estimated_usd{cluster=\"prod-eu\"}")).isCloseTo(estimate, within(1e-6));
        assertThat(samples).containsEntry("reclaimer_reconciliation_invoiced_usd{cluster=\"prod-eu\"}", 5.0)
                .containsEntry("reclaimer_reconciliation_day_timestamp_seconds{cluster=\"prod-eu\"}",
                        (double) Instant.parse("2026-11-02T00:00:00Z").getEpochSecond());
        assertThat(samples.get("reclaimer_reconciliation_delta_usd{cluster=\"prod-eu\"}")).isCloseTo(5.0 - estimate, within(1e-6));
        assertThat(samples).containsKeys("reclaimer_dead_letters_total", "reclaimer_streams_records_processed_total",
                "reclaimer_usage_late_samples_total", "reclaimer_allocation_late_charges_total");
    }

    @Test
    void rightsizingAggregatesFollowEveryChangeAndOnlyTheTopContainersAndWorkloadsHaveTheirOwnSeries() throws IOException {
        AnalysisMetrics.register(registry, DriverMetrics.stateAccess(driver), new MetricsConfig(2, 2, false));
        for (int i = 1; i <= 5; i++) {
            recommend(container("svc-" + i), 10.0 * i);
        }
        Map<String, Double> samples = DriverMetrics.samples(DriverMetrics.scrape(registry));
        assertThat(samples).containsEntry("reclaimer_rightsizing_containers{cluster=\"prod-eu\"}", 5.0)
                .containsEntry("reclaimer_namespace_recommended_savings_monthly_usd{cluster=\"prod-eu\",namespace=\"shop\"}", 150.0)
                .containsEntry("reclaimer_rightsizing_cpu_request_cores{cluster=\"prod-eu\"}", 5.0);
        assertThat(seriesOf(samples, "reclaimer_container_savings_monthly_usd")).containsExactlyInAnyOrder(
                "reclaimer_container_savings_monthly_usd" + labels("svc-5"), "reclaimer_container_savings_monthly_usd" + labels("svc-4"));
        assertThat(seriesOf(samples, "reclaimer_recommended_savings_monthly_usd")).hasSize(2);

        // a new recommendation replaces the old one's contribution; a tombstone removes it
        recommend(container("svc-1"), 100.0);
        driver.pipe(topics.recommendations(), container("svc-5").key(), null);
        samples = DriverMetrics.samples(DriverMetrics.scrape(registry));
        assertThat(samples).containsEntry("reclaimer_rightsizing_containers{cluster=\"prod-eu\"}", 4.0)
                .containsEntry("reclaimer_namespace_recommended_savings_monthly_usd{cluster=\"prod-eu\",namespace=\"shop\"}", 190.0)
                .containsEntry("reclaimer_container_savings_monthly_usd" + labels("svc-1"), 100.0)
                .containsEntry("reclaimer_container_savings_monthly_usd" + labels("svc-4"), 40.0);
        assertThat(seriesOf(samples, "reclaimer_container_savings_monthly_usd")).hasSize(2);
    }

    @Test
    void metricNamesFollowPrometheusConventions() throws IOException {
        AnalysisMetrics.register(registry, DriverMetrics.stateAccess(driver));
        for (String line : DriverMetrics.scrape(registry).split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                String name = parts[2];
                assertThat(name).startsWith("reclaimer_").matches("[a-z_]+");
                if (parts[3].equals("counter")) {
                    assertThat(name).endsWith("_total");
                } else {
                    assertThat(name).doesNotEndWith("_total");
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers


    private static ContainerRef container(String workload) {
        return new ContainerRef("prod-eu", "shop", "Deployment", workload, "app");
    }

    private static String labels(String workload) {
        return "{cluster=\"prod-eu\",container=\"app\",namespace=\"shop\",workload=\"" + workload
                + "\",workload_kind=\"Deployment\"}";
    }

    private static java.util.List<String> seriesOf(Map<String, Double> samples, String family) {
        return samples.keySet().stream().filter(k -> k.startsWith(family + "{")).toList();
    }

    private void recommend(ContainerRef c, double savings) {
        driver.pipe(topics.recommendations(), c.key(), new Recommendation(c, "default",
                new Recommendation.Cpu(1.0, 0.2, 0.1, 0.4),
                new Recommendation.Memory(1024L << 20, 400L << 20, 300L << 20, 600L << 20), 0.9, savings, 2,
                false, false, false, 2016, NOW.minus(Duration.ofDays(7)), NOW, NOW, Map.of(), Map.of()));
    }

    private void recommend() {
        driver.pipe(topics.recommendations(), CART.key(), new Recommendation(CART, "vpa",
                new Recommendation.Cpu(1.0, 0.2, 0.1, 0.4),
                new Recommendation.Memory(1024L << 20, 400L << 20, 300L << 20, 600L << 20), 0.9, 42.5, 2,
                false, false, false, 2016, NOW.minus(Duration.ofDays(7)), NOW, NOW, Map.of(), Map.of()));
    }

    private void cluster() {
        NodeInfo node = new NodeInfo(ObjectRef.clusterScoped("prod-eu", "Node", "n1"), "m5.large", "us-east-1", "us-east-1a",
                NodeInfo.CapacityType.ON_DEMAND, "general", new ResourceAmounts(2.0, 8 * GIB),
                new ResourceAmounts(1.92, 7 * GIB), 2 * CPU + 8 * RAM, new UnitPrices(CPU, RAM), "catalog", Map.of(), H0);
        driver.pipe(topics.kubernetesInventory(), node.ref().key(), node);
        ContainerRef web = new ContainerRef("prod-eu", "shop", "Deployment", "web", "app");
        driver.pipe(topics.workloads(), web.key(), new WorkloadContainerSpec(web, 1, new ResourceAmounts(0.5, GIB), null,
                WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, new UnitPrices(CPU, RAM), Map.of("team", "web"),
                Map.of(), H0));
        for (Instant t = H0; t.isBefore(H0.plus(Duration.ofHours(4))); t = t.plus(Duration.ofMinutes(15))) {
            driver.pipe(topics.usageSamples(), web.key(), new UsageSample(web, "web-0", t, 0.2, GIB / 2));
        }
        BillingLine line = new BillingLine("123456789012", LocalDate.of(2026, 11, 2), "UnblendedCost", "TAG", null,
                "cluster", "prod-eu", 5.0, "USD", true, H0);
        driver.pipe(topics.billingLines(), line.key(), line);
    }
}
