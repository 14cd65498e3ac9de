package io.reclaimer.collectors.kubernetes.inventory;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.kubernetes.HpaInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec.QosClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A workload's pod template as one {@link WorkloadContainerSpec} per (non-init) container. */
public final class WorkloadMapping {

    private WorkloadMapping() {
    }

    /** Where a workload's pods run: the most common node pool and the average unit prices of their nodes. */
    /** Where a workload's running pods are: the pool most of them run in, their nodes' average unit prices, and
     * how many run on each node (empty when unknown). */
    public record Placement(String nodePool, UnitPrices prices, Map<String, Integer> podsByNode) {
        public static final Placement UNKNOWN = new Placement("", null, Map.of());

        public Placement(String nodePool, UnitPrices prices) {
            this(nodePool, prices, Map.of());
        }
    }

    public static List<WorkloadContainerSpec> specs(WorkloadRef workload, int replicas, ObjectMeta workloadMeta,
                                                    ObjectMeta templateMeta, PodSpec podSpec, HpaInfo hpa,
                                                    Placement placement, Instant now) {
        if (podSpec == null || podSpec.getContainers() == null) {
            return List.of();
        }
        Map<String, String> labels = merged(ObjectMapping.labels(templateMeta), ObjectMapping.labels(workloadMeta));
        Map<String, String> annotations = merged(ObjectMapping.annotations(templateMeta),
                ObjectMapping.annotations(workloadMeta));
        QosClass qos = qos(podSpec);
        String nodePool = placement.nodePool().isEmpty() ? nodePoolFromSelector(podSpec) : placement.nodePool();
        List<WorkloadContainerSpec> specs = new ArrayList<>(podSpec.getContainers().size());
        for (Container container : podSpec.getContainers()) {
            specs.add(new WorkloadContainerSpec(workload.container(container.getName()), replicas,
                    requests(container.getResources()), Quantities.amounts(limits(container.getResources())), qos,
                    nodePool, hpa, placement.prices(), labels, annotations, now, null, ObjectMapping.uid(workloadMeta),
                    placement.podsByNode()));
        }
        return specs;
    }

    /** The requests the scheduler sees: a resource with a limit and no request is requested at its limit. */
    public static ResourceAmounts requests(ResourceRequirements resources) {
        ResourceAmounts requests = Quantities.amounts(resources == null ? null : resources.getRequests());
        ResourceAmounts limits = Quantities.amounts(limits(resources));
        Map<String, Double> extended = new java.util.TreeMap<>(limits.extended());
        extended.putAll(requests.extended());
        return new ResourceAmounts(requests.cpuCores() != null ? requests.cpuCores() : limits.cpuCores(),
                requests.memoryBytes() != null ? requests.memoryBytes() : limits.memoryBytes(), extended);
    }

    private static Map<String, io.fabric8.kubernetes.api.model.Quantity> limits(ResourceRequirements resources) {
        return resources == null ? null : resources.getLimits();
    }

    /**
     * The pod's QoS class by the Kubernetes rules: Guaranteed when every container (init containers
     * included) has CPU and memory limits equal to its requests, BestEffort when none sets any CPU or
     * memory request or limit, Burstable otherwise.
     */
    public static QosClass qos(PodSpec spec) {
        List<Container> all = Stream.concat(
                spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream(),
                spec.getContainers() == null ? Stream.empty() : spec.getContainers().stream()).toList();
        boolean any = false;
        boolean guaranteed = true;
        for (Container container : all) {
            ResourceAmounts requests = requests(container.getResources());
            ResourceAmounts limits = Quantities.amounts(limits(container.getResources()));
            any |= requests.cpuCores() != null || requests.memoryBytes() != null || limits.cpuCores() != null
                    || limits.memoryBytes() != null;
            guaranteed &= limits.cpuCores() != null && limits.memoryBytes() != null
                    && limits.cpuCores().equals(requests.cpuCores()) && limits.memoryBytes().equals(requests.memoryBytes());
        }
        if (!any) {
            return QosClass.BEST_EFFORT;
        }
        return guaranteed ? QosClass.GUARANTEED : QosClass.BURSTABLE;
    }

    private static String nodePoolFromSelector(PodSpec spec) {
        return NodeLabels.first(spec.getNodeSelector(), NodeLabels.NODE_POOL);
    }

    private static Map<String, String> merged(Map<String, String> under, Map<String, String> over) {
        if (under.isEmpty()) {
            return over;
        }
        Map<String, String> result = new HashMap<>(under);
        result.putAll(over);
        return result;
    }
}
