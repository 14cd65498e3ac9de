package io.reclaimer.streams.overprovisioned;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.findings.Evidence;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;

/**
 * {@code overprovisioned-container}: a rightsizing recommendation becomes a finding when it is material,
 * saving at least {@code overprovisioned.minMonthlySavingsUsd} with at least
 * {@code overprovisioned.minConfidence}. The finding resolves when a later recommendation falls below
 * either threshold (the container was resized, or usage grew) or the recommendation is deleted.
 */
public final class OverprovisionedContainers implements AnalysisFeature {

    public static final String FINDINGS_STORE = "overprovisioned-findings";

    private final WasteConfig config;

    public OverprovisionedContainers(WasteConfig config) {
        this.config = config;
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, WasteConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new OverprovisionedContainers(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        var assessments = inputs.recommendations()
                .mapValues((key, rec) -> assess(key, rec, config.overprovisioned()), Named.as("overprovisioned-assess"));
        FindingEmitter.attach(inputs.builder(), inputs.topics(), assessments, FINDINGS_STORE, config.thresholdDays());
    }

    /** Pure: a recommendation (null when deleted) in, an assessment out. */
    public static Assessment assess(String key, Recommendation rec, WasteConfig.Overprovisioned thresholds) {
        if (rec == null) {
            return Assessment.gone(FindingKind.OVERPROVISIONED_CONTAINER, key);
        }
        ContainerRef c = rec.container();
        Double savings = rec.monthlySavingsUsd();
        if (savings == null || savings < thresholds.minMonthlySavingsUsd() || rec.confidence() < thresholds.minConfidence()) {
            return Assessment.clean(FindingKind.OVERPROVISIONED_CONTAINER, c.key(), rec.computedAt());
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("strategy", rec.strategy());
        evidence.put("workload", c.workloadKind() + "/" + c.workloadName());
        evidence.put("replicas", Integer.toString(rec.replicas()));
        put(evidence, Evidence.CPU_REQUEST_CORES, rec.cpu().requestCores());
        put(evidence, Evidence.CPU_TARGET_CORES, rec.cpu().targetCores());
        // the upper bounds let a policy size the downsize cautiously (downsizeTo: upperBound) from the finding alone
        put(evidence, Evidence.CPU_UPPER_BOUND_CORES, rec.cpu().upperBoundCores());
        put(evidence, Evidence.MEMORY_REQUEST_BYTES, rec.memory().requestBytes());
        put(evidence, Evidence.MEMORY_TARGET_BYTES, rec.memory().targetBytes());
        put(evidence, Evidence.MEMORY_UPPER_BOUND_BYTES, rec.memory().upperBoundBytes());
        evidence.put("confidence", String.format(Locale.ROOT, "%.2f", rec.confidence()));
        evidence.put("sampleCount", Long.toString(rec.sampleCount()));
        if (rec.hpaScalesOnCpu()) {
            evidence.put(Evidence.HPA_SCALES_ON_CPU, "true");
        }
        if (rec.gitops().managed()) {
            // who owns the YAML: a live change would be undone by the next sync, so it belongs in Git
            evidence.putAll(rec.gitops().evidence());
        }
        Instant since = rec.firstSampleAt() != null ? rec.firstSampleAt() : rec.computedAt();
        Finding draft = new Finding(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, c.key()),
                FindingKind.OVERPROVISIONED_CONTAINER, c.key(), "Container", c.container(), "kubernetes", c.cluster(),
                c.namespace(), "", "", savings, rec.computedAt(), rec.computedAt(), rec.confidence(), evidence, rec.labels(),
                rec.annotations(), Map.of(), TargetIdentity.Kubernetes.of(c.workload(), rec.workloadUid()));
        return Assessment.wasteSince(draft, since);
    }

    private static void put(Map<String, String> evidence, String key, Object value) {
        if (value != null) {
            evidence.put(key, value.toString());
        }
    }
}
