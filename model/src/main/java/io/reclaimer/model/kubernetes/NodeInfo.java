package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.util.Map;

/** A node, priced: {@code hourlyUsd} from the price catalog and its OpenCost-style CPU/RAM split. */
@JsonTypeName("node/v1")
public record NodeInfo(ObjectRef ref, String instanceType, String region, String zone, CapacityType capacityType,
                       String nodePool, ResourceAmounts capacity, ResourceAmounts allocatable, double hourlyUsd,
                       UnitPrices prices, String priceSource, Map<String, String> labels, Instant observedAt)
        implements KubernetesObject {

    public enum CapacityType { ON_DEMAND, SPOT }

    public NodeInfo {
        Require.present(ref, "ref");
        instanceType = instanceType == null ? "" : instanceType;
        region = region == null ? "" : region;
        zone = zone == null ? "" : zone;
        Require.present(capacityType, "capacityType");
        nodePool = nodePool == null ? "" : nodePool;
        capacity = capacity == null ? ResourceAmounts.NONE : capacity;
        allocatable = allocatable == null ? ResourceAmounts.NONE : allocatable;
        Require.nonNegative(hourlyUsd, "hourlyUsd");
        Require.present(prices, "prices");
        priceSource = priceSource == null ? "" : priceSource;
        labels = Require.map(labels, "labels");
        Require.present(observedAt, "observedAt");
    }
}
