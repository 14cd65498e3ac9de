package io.reclaimer.app.report;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.streams.intake.ClusterIntake;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the pipeline concluded at the end of a run: the current recommendations and findings, and what it processed. */
public record PipelineSummary(List<Recommendation> recommendations, List<Finding> findings,
                              Map<String, ClusterIntake> intakeByCluster, long deadLetters) {

    /** Monthly savings of every recommendation that saves money (under-provisioned ones cost, they do not save). */
    public double monthlySavingsUsd() {
        return recommendations.stream().map(Recommendation::monthlySavingsUsd).filter(Objects::nonNull)
                .filter(usd -> usd > 0).mapToDouble(Double::doubleValue).sum();
    }

    public double monthlyWasteUsd() {
        return findings.stream().mapToDouble(Finding::monthlyUsd).sum();
    }

    public long samplesProcessed() {
        return intakeByCluster.values().stream().mapToLong(ClusterIntake::samples).sum();
    }
}
