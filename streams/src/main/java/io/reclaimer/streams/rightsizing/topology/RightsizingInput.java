package io.reclaimer.streams.rightsizing.topology;

import io.reclaimer.model.kubernetes.WorkloadContainerSpec;

/**
 * The low-rate inputs of the rightsizing processor that need wrapping. Usage samples and container events
 * flow in unwrapped (no allocation per sample); a spec change is wrapped so that its tombstone (null spec) is
 * still told apart, and the pod's container count comes from the workload repartition.
 */
public sealed interface RightsizingInput {

    record SpecChange(WorkloadContainerSpec spec) implements RightsizingInput {
    }

    record PodContainers(int count) implements RightsizingInput {
    }
}
