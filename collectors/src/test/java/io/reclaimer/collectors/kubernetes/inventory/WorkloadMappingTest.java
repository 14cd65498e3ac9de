package io.reclaimer.collectors.kubernetes.inventory;

import static io.reclaimer.collectors.kubernetes.ClusterFixtures.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeSpecBuilder;
import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec.QosClass;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadMappingTest {

    @Test
    void classifiesQosByTheKubernetesRules() {
        assertThat(WorkloadMapping.qos(podSpec("a", "1", "1Gi", "1", "1Gi"))).isEqualTo(QosClass.GUARANTEED);
        assertThat(WorkloadMapping.qos(podSpec("a", null, null, "1", "1Gi")))
                .as("requests default to limits").isEqualTo(QosClass.GUARANTEED);
        assertThat(WorkloadMapping.qos(podSpec("a", "500m", "1Gi", "1", "1Gi"))).isEqualTo(QosClass.BURSTABLE);
        assertThat(WorkloadMapping.qos(podSpec("a", null, "1Gi", null, null))).isEqualTo(QosClass.BURSTABLE);
        assertThat(WorkloadMapping.qos(podSpec("a", null, null, null, null))).isEqualTo(QosClass.BEST_EFFORT);
    }

    @Test
    void requestsAreWhatTheSchedulerSees() {
        var requests = WorkloadMapping.requests(podSpec("a", null, "256Mi", "250m", "1Gi").getContainers().get(0).getResources());
        assertThat(requests.cpuCores()).isEqualTo(0.25);
        assertThat(requests.memoryBytes()).isEqualTo(256L << 20);
    }

    @Test
    void readsCapacityTypeFromKarpenterAndEksLabels() {
        assertThat(NodeLabels.capacityType(Map.of("karpenter.sh/capacity-type", "spot"))).isEqualTo(CapacityType.SPOT);
        assertThat(NodeLabels.capacityType(Map.of("eks.amazonaws.com/capacityType", "SPOT"))).isEqualTo(CapacityType.SPOT);
        assertThat(NodeLabels.capacityType(Map.of("karpenter.sh/capacity-type", "on-demand"))).isEqualTo(CapacityType.ON_DEMAND);
        assertThat(NodeLabels.capacityType(Map.of())).isEqualTo(CapacityType.ON_DEMAND);
    }

    @Test
    void findsTheEbsVolumeOfInTreeAndCsiVolumes() {
        assertThat(ObjectMapping.cloudVolumeId(new PersistentVolumeSpecBuilder().withNewAwsElasticBlockStore()
                .withVolumeID("aws://us-east-1a/vol-0123").endAwsElasticBlockStore().build())).isEqualTo("vol-0123");
        assertThat(ObjectMapping.cloudVolumeId(new PersistentVolumeSpecBuilder().withNewCsi().withDriver("efs.csi.aws.com")
                .withVolumeHandle("fs-1").endCsi().build())).as("not EBS").isEmpty();
    }
}
