package io.reclaimer.app.report;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.streams.intake.ClusterIntake;
import io.reclaimer.streams.report.WasteReport;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline concluded at the end of a run: the current recommendations, findings and costs
 * (cluster and namespace allocation with the latest reconciliation), and what it processed.
 */
public record PipelineSummary(List<Recommendation> recommendations, List<Finding> findings,
                              List<WasteReport.CostEntry> costs, Map<String, ClusterIntake> intakeByCluster,
                              long deadLetters) {

    /** Monthly savings of every recommendation that saves money (under-provisioned ones cost, they do not save). */
    public double monthlySavingsUsd() {
        return recommendations.stream().map(Recommendation::monthlySavingsUsd).filter(Objects::nonNull)
                .filter(usd -> usd > 0).mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Monthly cost of the open findings whose kind adds to waste ({@code FindingKind.addsToWaste}): not
     * {@code overprovisioned-container} nor the node findings, which restate rightsizing recommendations already
     * counted in {@link #monthlySavingsUsd()} (same rule as {@link WasteReport}).
     */
    public double monthlyWasteUsd() {
        return findings.stream().filter(f -> f.kind().addsToWaste())
                .mapToDouble(Finding::monthlyUsd).sum();
    }

    public long samplesProcessed() {
        return intakeByCluster.values().stream().mapToLong(ClusterIntake::samples).sum();
    }
}
