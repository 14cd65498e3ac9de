package io.reclaimer.collectors.opencost;

import static io.reclaimer.collectors.kubernetes.ClusterFixtures.deployment;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.ebsVolume;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.loadBalancer;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.pod;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.podSpec;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.reclaimer.collectors.kubernetes.ClusterFixtures;
import io.reclaimer.collectors.kubernetes.inventory.ClusterObjects;
import io.reclaimer.collectors.kubernetes.inventory.Inventory;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.collectors.pricing.PriceBook;
import io.reclaimer.collectors.pricing.PriceCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster's objects as OpenCost's series: names, label values and the numbers behind them. */
class OpenCostViewTest {

    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void nodesVolumesLoadBalancersAndRunningContainersBecomeOpenCostsSeries() {
        var node = new NodeBuilder(ClusterFixtures.node("ip-10-0-1-7", "m5.large", Map.of("kubernetes.io/arch", "amd64")))
                .editMetadata().withUid("node-uid").endMetadata()
                .withNewSpec().withProviderID("aws:///us-east-1a/i-0abc").endSpec().build();
        var web = deployment("web", 1, podSpec("app", "250m", "512Mi", null, null));
        var rs = replicaSet("web-7d9f", web, podSpec("app", "250m", "512Mi", null, null));
        var running = pod("web-7d9f-abcde", rs, "ip-10-0-1-7", podSpec("app", "250m", "512Mi", null, null));
        ClusterObjects objects = ClusterObjects.of(List.of(node, web, rs, running, ebsVolume("pv-1", "vol-0abc", "data"),
                loadBalancer("frontend")));
        PriceBook book = PriceBook.empty();
        Inventory inventory = Inventory.derive("prod", objects, new NodePricer(PriceCatalog.shipped(), book), NOW);

        // the last metrics poll saw the container above its CPU request: allocation is max(request, usage)
        OpenCostSnapshot snapshot = OpenCostView.derive("prod", objects, inventory, book,
                (ns, p, c) -> p.equals("web-7d9f-abcde") ? new double[] {0.4, 100e6} : null);

        OpenCostSnapshot.Node n = snapshot.nodes().get(0);
        assertThat(n.totalUsdPerHour()).isEqualTo(0.096);
        assertThat(n.providerId()).isEqualTo("aws:///us-east-1a/i-0abc");
        assertThat(n.arch()).isEqualTo("amd64");
        assertThat(2 * n.cpuUsdPerCoreHour() + 8 * n.ramUsdPerGibHour()).isCloseTo(0.096, offset(1e-12));
        OpenCostSnapshot.Container c = snapshot.containers().get(0);
        assertThat(c.cpuCores()).isEqualTo(0.4);
        assertThat(c.memoryBytes()).isEqualTo(512.0 * (1 << 20));
        assertThat(c.node()).isEqualTo("ip-10-0-1-7");
        assertThat(snapshot.volumes().get(0).providerId()).isEqualTo("vol-0abc");
        assertThat(snapshot.volumes().get(0).usdPerGibHour()).isCloseTo(0.08 / 730, offset(1e-12));
        assertThat(snapshot.loadBalancers().get(0).usdPerHour()).isEqualTo(0.025);

        PrometheusRegistry registry = new PrometheusRegistry();
        OpenCostMetrics.register(registry).update("prod", snapshot);
        Map<String, MetricSnapshot> scraped = new java.util.HashMap<>();
        registry.scrape().forEach(m -> scraped.put(m.getMetadata().getPrometheusName(), m));
        assertThat(scraped).containsKeys("node_total_hourly_cost", "node_cpu_hourly_cost", "node_ram_hourly_cost",
                "node_gpu_hourly_cost", "node_gpu_count", "pv_hourly_cost", "kubecost_load_balancer_cost",
                "container_cpu_allocation", "container_memory_allocation_bytes", "container_gpu_allocation");
        var total = ((GaugeSnapshot) scraped.get("node_total_hourly_cost")).getDataPoints().get(0);
        assertThat(total.getValue()).isEqualTo(0.096);
        assertThat(total.getLabels().get("instance")).isEqualTo("ip-10-0-1-7");
        assertThat(total.getLabels().get("node")).isEqualTo("ip-10-0-1-7");
        assertThat(total.getLabels().get("uid")).isEqualTo("node-uid");
        var cpu = ((GaugeSnapshot) scraped.get("container_cpu_allocation")).getDataPoints().get(0);
        assertThat(cpu.getLabels().get("pod")).isEqualTo("web-7d9f-abcde");
        assertThat(cpu.getLabels().get("instance")).isEqualTo("ip-10-0-1-7");
        assertThat(((GaugeSnapshot) scraped.get("container_gpu_allocation")).getDataPoints()).isEmpty();
    }
}
