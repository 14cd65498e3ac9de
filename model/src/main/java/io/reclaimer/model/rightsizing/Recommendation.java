package io.reclaimer.model.rightsizing;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import io.reclaimer.model.gitops.GitOpsOwner;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.Map;

/**
 * What one workload container should request, by one strategy, and what the difference is worth.
 * {@code monthlySavingsUsd} = (request − target) × unit price × replicas × 730 h summed over CPU and
 * memory; negative when the container is under-provisioned, null when no request or no price is known.
 * {@code confidence} in [0, 1] grows with history length and sample count. {@code hpaScalesOnCpu} marks CPU
 * targets that interact with a CPU-driven HPA: resizing CPU changes the HPA's utilisation ratio, so they
 * are shown but must not be applied blindly. {@code gitops} is who owns the workload's YAML (a change belongs
 * in Git when it is managed): an optional field added to v1, detected from the labels and annotations when a
 * record written before it is read. {@code workloadUid} is the metadata.uid of the workload the recommendation
 * was computed for ("" when unknown): a downsize applies only to that workload, not to one re-created under its
 * name. {@code whatIf} is the what-if of the target (both CPU and memory at their targets), estimated from the
 * state the recommendation was computed from; null when absent (records written before it, or a recommendation
 * built without one). Keyed by {@link ContainerRef#key()} on a compacted topic.
 */
@JsonTypeName("recommendation/v1")
public record Recommendation(ContainerRef container, String strategy, Cpu cpu, Memory memory, double confidence,
                             Double monthlySavingsUsd, int replicas, boolean cpuUnderProvisioned,
                             boolean memoryUnderProvisioned, boolean hpaScalesOnCpu, long sampleCount,
                             Instant firstSampleAt, Instant lastSampleAt, Instant computedAt,
                             Map<String, String> labels, Map<String, String> annotations,
                             @AddedLater("issue 15: who owns the YAML, detected from labels when absent")
                             GitOpsOwner gitops,
                             @AddedLater("issue 13: the workload's metadata.uid, \"\" when not known")
                             String workloadUid,
                             @AddedLater("issue 17: the what-if of the targets, null when not estimated")
                             WhatIfEstimate whatIf) implements Event {

    /** CPU in cores; {@code requestCores} is the current request, null when none is set. */
    public record Cpu(Double requestCores, double targetCores, double lowerBoundCores, double upperBoundCores) {
        public Cpu {
            Require.nonNegativeOrNull(requestCores, "cpu.requestCores");
            Require.nonNegative(targetCores, "cpu.targetCores");
            Require.nonNegative(lowerBoundCores, "cpu.lowerBoundCores");
            Require.nonNegative(upperBoundCores, "cpu.upperBoundCores");
        }
    }

    /** Memory in bytes; {@code requestBytes} is the current request, null when none is set. */
    public record Memory(Long requestBytes, long targetBytes, long lowerBoundBytes, long upperBoundBytes) {
        public Memory {
            Require.nonNegativeOrNull(requestBytes, "memory.requestBytes");
            Require.nonNegative(targetBytes, "memory.targetBytes");
            Require.nonNegative(lowerBoundBytes, "memory.lowerBoundBytes");
            Require.nonNegative(upperBoundBytes, "memory.upperBoundBytes");
        }
    }

    public Recommendation {
        Require.present(container, "container");
        Require.text(strategy, "strategy");
        Require.present(cpu, "cpu");
        Require.present(memory, "memory");
        Require.fraction(confidence, "confidence");
        if (monthlySavingsUsd != null) {
            Require.finite(monthlySavingsUsd, "monthlySavingsUsd");
        }
        Require.nonNegative(replicas, "replicas");
        Require.nonNegative(sampleCount, "sampleCount");
        Require.present(computedAt, "computedAt");
        labels = Require.map(labels, "labels");
        annotations = Require.map(annotations, "annotations");
        gitops = gitops == null ? GitOpsOwner.detect(labels, annotations) : gitops;
        workloadUid = workloadUid == null ? "" : workloadUid;
    }

    /** The owner detected from the labels and annotations. */
    public Recommendation(ContainerRef container, String strategy, Cpu cpu, Memory memory, double confidence,
                          Double monthlySavingsUsd, int replicas, boolean cpuUnderProvisioned,
                          boolean memoryUnderProvisioned, boolean hpaScalesOnCpu, long sampleCount,
                          Instant firstSampleAt, Instant lastSampleAt, Instant computedAt,
                          Map<String, String> labels, Map<String, String> annotations) {
        this(container, strategy, cpu, memory, confidence, monthlySavingsUsd, replicas, cpuUnderProvisioned,
                memoryUnderProvisioned, hpaScalesOnCpu, sampleCount, firstSampleAt, lastSampleAt, computedAt, labels,
                annotations, null, null, null);
    }

    /** A recommendation of a known owner and workload uid, without a what-if estimate. */
    public Recommendation(ContainerRef container, String strategy, Cpu cpu, Memory memory, double confidence,
                          Double monthlySavingsUsd, int replicas, boolean cpuUnderProvisioned,
                          boolean memoryUnderProvisioned, boolean hpaScalesOnCpu, long sampleCount,
                          Instant firstSampleAt, Instant lastSampleAt, Instant computedAt,
                          Map<String, String> labels, Map<String, String> annotations, GitOpsOwner gitops,
                          String workloadUid) {
        this(container, strategy, cpu, memory, confidence, monthlySavingsUsd, replicas, cpuUnderProvisioned,
                memoryUnderProvisioned, hpaScalesOnCpu, sampleCount, firstSampleAt, lastSampleAt, computedAt, labels,
                annotations, gitops, workloadUid, null);
    }

    /** The same recommendation, for the workload with this uid. */
    public Recommendation withWorkloadUid(String uid) {
        return new Recommendation(container, strategy, cpu, memory, confidence, monthlySavingsUsd, replicas,
                cpuUnderProvisioned, memoryUnderProvisioned, hpaScalesOnCpu, sampleCount, firstSampleAt, lastSampleAt,
                computedAt, labels, annotations, gitops, uid, whatIf);
    }

    /** The same recommendation with this what-if estimate (null for none). */
    public Recommendation withWhatIf(WhatIfEstimate estimate) {
        return new Recommendation(container, strategy, cpu, memory, confidence, monthlySavingsUsd, replicas,
                cpuUnderProvisioned, memoryUnderProvisioned, hpaScalesOnCpu, sampleCount, firstSampleAt, lastSampleAt,
                computedAt, labels, annotations, gitops, workloadUid, estimate);
    }
}
