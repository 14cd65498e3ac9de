package io.reclaimer.app.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the run's summary as JSON: {@code {"recommendations": [...], "findings": [...], "costs": [...],
 * "totals": {"monthlyWasteUsd", "monthlySavingsUsd"}}}. Recommendations use the same shape as
 * {@code reclaimer rightsize --format json} plus what only the live pipeline knows ({@code hpaScalesOnCpu},
 * {@code cpuUnderProvisioned}, {@code memoryUnderProvisioned}, {@code gitops}, the {@code reclaimer.io/} annotations); findings carry id, kind, resource, cluster, namespace,
 * monthlyUsd, evidence and since; costs are the cluster and namespace allocation lines of
 * {@code io.reclaimer.streams.report.WasteReport}, clusters with their latest reconciliation.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static void write(PipelineSummary summary, Path file) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        ArrayNode recommendations = root.putArray("recommendations");
        for (Recommendation r : summary.recommendations()) {
            recommendations.add(recommendation(r));
        }
        ArrayNode findings = root.putArray("findings");
        for (Finding f : summary.findings()) {
            ObjectNode node = findings.addObject();
            node.put("id", f.id());
            node.put("kind", f.kind().wireName());
            node.put("resource", f.resource());
            node.put("cluster", f.cluster());
            node.put("namespace", f.namespace());
            node.put("monthlyUsd", round(f.monthlyUsd()));
            node.set("evidence", Json.mapper().valueToTree(f.evidence()));
            node.put("since", f.since().toString());
        }
        ArrayNode costs = root.putArray("costs");
        summary.costs().forEach(c -> costs.add(Json.mapper().valueToTree(c)));
        ObjectNode totals = root.putObject("totals");
        totals.put("monthlyWasteUsd", round(summary.monthlyWasteUsd()));
        totals.put("monthlySavingsUsd", round(summary.monthlySavingsUsd()));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report to " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode recommendation(Recommendation r) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("cluster", r.container().cluster());
        node.put("namespace", r.container().namespace());
        node.put("workload", r.container().workloadKind() + "/" + r.container().workloadName());
        node.put("container", r.container().container());
        node.put("strategy", r.strategy());
        ObjectNode cpu = node.putObject("cpu");
        putNullable(cpu, "request", r.cpu().requestCores());
        cpu.put("target", r.cpu().targetCores());
        cpu.put("lowerBound", r.cpu().lowerBoundCores());
        cpu.put("upperBound", r.cpu().upperBoundCores());
        ObjectNode memory = node.putObject("memory");
        if (r.memory().requestBytes() == null) {
            memory.putNull("request");
        } else {
            memory.put("request", r.memory().requestBytes());
        }
        memory.put("target", r.memory().targetBytes());
        memory.put("lowerBound", r.memory().lowerBoundBytes());
        memory.put("upperBound", r.memory().upperBoundBytes());
        node.put("confidence", r.confidence());
        putNullable(node, "monthlySavingsUsd", r.monthlySavingsUsd() == null ? null : round(r.monthlySavingsUsd()));
        // an HPA scaling on CPU reacts to a new CPU request: the CPU target is advice, not a saving (not counted)
        node.put("hpaScalesOnCpu", r.hpaScalesOnCpu());
        node.put("cpuUnderProvisioned", r.cpuUnderProvisioned());
        node.put("memoryUnderProvisioned", r.memoryUnderProvisioned());
        // who owns the YAML: a managed workload's change belongs in Git (reclaimer gitops patch)
        node.set("gitops", Json.mapper().valueToTree(r.gitops()));
        // Reclaimer's own annotations (reclaimer.io/values-path): where `gitops patch` finds the Helm values
        ObjectNode annotations = node.putObject("annotations");
        r.annotations().forEach((k, v) -> {
            if (k.startsWith(ReclaimerLabels.PREFIX)) {
                annotations.put(k, v);
            }
        });
        return node;
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static double round(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
