package io.reclaimer.collectors.kubernetes.gpu;

import static io.reclaimer.collectors.kubernetes.ClusterFixtures.deployment;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.pod;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.podSpec;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.reclaimer.collectors.kubernetes.ClusterFixtures;
import io.reclaimer.collectors.kubernetes.inventory.ClusterObjects;
import io.reclaimer.collectors.kubernetes.inventory.Inventory;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.collectors.pricing.PriceBook;
import io.reclaimer.collectors.pricing.PriceCatalog;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.pricing.InstanceTypePrice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GPUs from node capacity and pod requests to priced inventory records. */
class GpuInventoryTest {

    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private final PriceBook book = PriceBook.empty();
    private final NodePricer pricer = new NodePricer(PriceCatalog.shipped(), book);

    static Node gpuNode(String name) {
        Node node = ClusterFixtures.node(name, "g5.xlarge", Map.of());
        return new NodeBuilder(node).editStatus()
                .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("16Gi"))
                .addToCapacity("nvidia.com/gpu", new Quantity("1")).addToCapacity("pods", new Quantity("58"))
                .addToCapacity("ephemeral-storage", new Quantity("100Gi")).addToCapacity("hugepages-2Mi", new Quantity("0"))
                .addToAllocatable("nvidia.com/gpu", new Quantity("1")).addToAllocatable("pods", new Quantity("58"))
                .endStatus().build();
    }

    static PodSpec gpuSpec() {
        PodSpec spec = podSpec("trainer", "2", "8Gi", null, null);
        spec.getContainers().get(0).getResources().getLimits().put("nvidia.com/gpu", new Quantity("1"));
        return new PodSpecBuilder(spec).build();
    }

    @Test
    void gpuCapacityAndPodCountAreCarriedAndTheNodePriceSplitsIntoCpuRamAndGpuUnitPrices() {
        book.put(new InstanceTypePrice("us-east-1", "g5.xlarge", 4, 16, 1, "x86_64", "AMD EPYC 7R32", 1.006, "SKU",
                "aws-price-list", NOW));
        var deployment = deployment("trainer", 1, gpuSpec());
        var rs = replicaSet("trainer-5d8f", deployment, gpuSpec());
        Inventory inventory = Inventory.derive("ml", ClusterObjects.of(List.of(gpuNode("gpu-1"), deployment, rs,
                pod("trainer-5d8f-abc", rs, "gpu-1", gpuSpec()))), pricer, NOW);

        NodeInfo node = (NodeInfo) inventory.objects().get("ml//Node/gpu-1");
        assertThat(node.capacity().gpus()).isEqualTo(1);
        assertThat(node.capacity().pods()).isEqualTo(58);
        assertThat(node.capacity().extended()).containsOnlyKeys("nvidia.com/gpu", "pods");
        assertThat(node.hourlyUsd()).isEqualTo(1.006);
        UnitPrices unit = node.prices();
        // OpenCost's split with its default ratios 0.031611 : 0.004237 : 0.95 (vCPU : GiB : GPU)
        assertThat(4 * unit.cpuUsdPerCoreHour() + 16 * unit.memoryUsdPerGibHour() + unit.gpuUsdPerGpuHour())
                .isCloseTo(1.006, offset(1e-12));
        assertThat(unit.gpuUsdPerGpuHour() / unit.memoryUsdPerGibHour()).isCloseTo(0.95 / 0.004237, offset(1e-6));
        assertThat(unit.cpuUsdPerCoreHour() / unit.memoryUsdPerGibHour()).isCloseTo(0.031611 / 0.004237, offset(1e-9));

        // a GPU in limits only is requested at its limit, as the scheduler sees it
        WorkloadContainerSpec trainer = inventory.workloads().get("ml/shop/Deployment/trainer/trainer");
        assertThat(trainer.requests().extended()).containsEntry("nvidia.com/gpu", 1.0);
        assertThat(trainer.requests().gpus()).isEqualTo(1);
        assertThat(trainer.prices().gpuUsdPerGpuHour()).isEqualTo(unit.gpuUsdPerGpuHour());
    }

    @Test
    void aNodeWithoutGpusHasNoGpuPriceAndItsSplitIsUnchanged() {
        NodeInfo node = (NodeInfo) Inventory.derive("prod", ClusterObjects.of(List.of(ClusterFixtures.node("n1",
                "m5.large", Map.of()))), pricer, NOW).objects().get("prod//Node/n1");
        assertThat(node.prices().gpuUsdPerGpuHour()).isNull();
        assertThat(node.prices().cpuUsdPerCoreHour()).isCloseTo(0.0312471, offset(1e-7));
    }
}
