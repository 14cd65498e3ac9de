package io.reclaimer.collectors.kubernetes.inventory;

import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import java.util.List;
import java.util.Map;

/** Where a node's instance type, location, capacity type and pool are written, with the older label names still in use. */
public final class NodeLabels {

    static final List<String> INSTANCE_TYPE = List.of("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type");
    static final List<String> REGION = List.of("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region");
    static final List<String> ZONE = List.of("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone");
    /** Karpenter's and EKS managed node groups' labels (values {@code spot}/{@code on-demand} and {@code SPOT}/{@code ON_DEMAND}). */
    static final List<String> CAPACITY_TYPE = List.of("karpenter.sh/capacity-type", "eks.amazonaws.com/capacityType");
    /** Karpenter NodePool (v1 and the older Provisioner), EKS managed node group, eksctl node group. */
    public static final List<String> NODE_POOL = List.of("karpenter.sh/nodepool", "karpenter.sh/provisioner-name",
            "eks.amazonaws.com/nodegroup", "alpha.eksctl.io/nodegroup-name");

    private NodeLabels() {
    }

    public static String instanceType(Map<String, String> labels) {
        return first(labels, INSTANCE_TYPE);
    }

    public static String region(Map<String, String> labels) {
        return first(labels, REGION);
    }

    public static String zone(Map<String, String> labels) {
        return first(labels, ZONE);
    }

    public static String nodePool(Map<String, String> labels) {
        return first(labels, NODE_POOL);
    }

    /** Spot when a capacity-type label says so ({@code spot}, {@code SPOT}); on-demand otherwise. */
    public static CapacityType capacityType(Map<String, String> labels) {
        String value = first(labels, CAPACITY_TYPE);
        return "spot".equalsIgnoreCase(value) ? CapacityType.SPOT : CapacityType.ON_DEMAND;
    }

    static String first(Map<String, String> labels, List<String> keys) {
        if (labels == null) {
            return "";
        }
        for (String key : keys) {
            String value = labels.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
