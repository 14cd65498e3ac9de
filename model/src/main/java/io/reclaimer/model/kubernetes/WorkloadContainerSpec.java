package io.reclaimer.model.kubernetes;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import io.reclaimer.model.gitops.GitOpsOwner;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.Map;

/**
 * What one container of a workload asks for, as the API server has it: the join partner of usage samples
 * (same key, same partition count). {@code prices} are the average unit prices of the nodes the workload's
 * pods run on, or {@code null} until the collector has seen one of them. Labels and annotations are the
 * workload's (pod template labels merged under the workload's own). {@code gitops} says who owns the workload's
 * YAML ({@link GitOpsOwner#detect} of those labels and annotations); a record written before it is read with the
 * owner detected from its labels and annotations. {@code workloadUid} is the workload's metadata.uid ("" when
 * unknown), which a downsize checks before it patches. {@code podsByNode} is where the workload's running pods are:
 * node name to pod count (empty when unknown, as in records written before it), for the node findings
 * ({@code underutilized-node}).
 */
@JsonTypeName("workload-container/v1")
public record WorkloadContainerSpec(ContainerRef container, int replicas, ResourceAmounts requests,
                                    ResourceAmounts limits, QosClass qos, String nodePool, HpaInfo hpa,
                                    UnitPrices prices, Map<String, String> labels,
                                    Map<String, String> annotations, Instant observedAt,
                                    @AddedLater("issue 15: who owns the YAML, detected from labels when absent")
                                    GitOpsOwner gitops,
                                    @AddedLater("issue 13: the workload's metadata.uid, \"\" when not reported")
                                    String workloadUid,
                                    @AddedLater("issue 16: running pods per node, empty when unknown")
                                    Map<String, Integer> podsByNode) implements Event {

    public enum QosClass { GUARANTEED, BURSTABLE, BEST_EFFORT }

    public WorkloadContainerSpec {
        Require.present(container, "container");
        Require.nonNegative(replicas, "replicas");
        requests = requests == null ? ResourceAmounts.NONE : requests;
        limits = limits == null ? ResourceAmounts.NONE : limits;
        Require.present(qos, "qos");
        nodePool = nodePool == null ? "" : nodePool;
        labels = Require.map(labels, "labels");
        annotations = Require.map(annotations, "annotations");
        Require.present(observedAt, "observedAt");
        gitops = gitops == null ? GitOpsOwner.detect(labels, annotations) : gitops;
        workloadUid = workloadUid == null ? "" : workloadUid;
        podsByNode = podsByNode == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(podsByNode));
        podsByNode.forEach((node, pods) -> {
            if (node == null || node.isBlank() || pods == null || pods < 0) {
                throw new io.reclaimer.model.InvalidEventException("podsByNode must map node names to pod counts, had "
                        + node + "=" + pods);
            }
        });
    }

    /** Without a known placement. */
    public WorkloadContainerSpec(ContainerRef container, int replicas, ResourceAmounts requests, ResourceAmounts limits,
                                 QosClass qos, String nodePool, HpaInfo hpa, UnitPrices prices,
                                 Map<String, String> labels, Map<String, String> annotations, Instant observedAt,
                                 GitOpsOwner gitops, String workloadUid) {
        this(container, replicas, requests, limits, qos, nodePool, hpa, prices, labels, annotations, observedAt, gitops,
                workloadUid, null);
    }

    /** The same container with its pods' placement. */
    public WorkloadContainerSpec withPodsByNode(Map<String, Integer> placement) {
        return new WorkloadContainerSpec(container, replicas, requests, limits, qos, nodePool, hpa, prices, labels,
                annotations, observedAt, gitops, workloadUid, placement);
    }

    /** The owner detected from the labels and annotations, the uid unknown. */
    public WorkloadContainerSpec(ContainerRef container, int replicas, ResourceAmounts requests, ResourceAmounts limits,
                                 QosClass qos, String nodePool, HpaInfo hpa, UnitPrices prices,
                                 Map<String, String> labels, Map<String, String> annotations, Instant observedAt) {
        this(container, replicas, requests, limits, qos, nodePool, hpa, prices, labels, annotations, observedAt, null,
                null, null);
    }

    /** The owner detected from the labels and annotations. */
    public WorkloadContainerSpec(ContainerRef container, int replicas, ResourceAmounts requests, ResourceAmounts limits,
                                 QosClass qos, String nodePool, HpaInfo hpa, UnitPrices prices,
                                 Map<String, String> labels, Map<String, String> annotations, Instant observedAt,
                                 String workloadUid) {
        this(container, replicas, requests, limits, qos, nodePool, hpa, prices, labels, annotations, observedAt, null,
                workloadUid, null);
    }
}
