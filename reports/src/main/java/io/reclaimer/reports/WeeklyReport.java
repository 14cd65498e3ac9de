package io.reclaimer.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * What one recipient reads: the content of the weekly report, independent of how it is rendered. All
 * amounts are US$ per month. {@code scope} names whose report it is ("the whole fleet" or an owner).
 * Public (unlike the builder) because the Pebble templates read its accessors reflectively from outside the package.
 */
record WeeklyReport(String scope, List<String> recipients, Instant generatedAt, ZoneId zone,
                           LocalDate periodStart, LocalDate periodEnd, Totals totals, List<Section> sections,
                           List<WeekPoint> trend, String dashboardUrl, SavingsSplit savings) {

    WeeklyReport {
        recipients = List.copyOf(recipients);
        sections = List.copyOf(sections);
        trend = List.copyOf(trend);
    }

    /** Totals over every section of this report. */
    public record Totals(double monthlyWasteUsd, double rightsizingUsd, double orphanedUsd, double realizedUsd,
                         double realizedThisPeriodUsd, int recommendations, int orphans, int executedActions) {
    }

    /**
     * One team or namespace. {@code monthlyWasteUsd} = rightsizing savings + priced findings (orphaned and
     * idle resources), the money this group could take back every month.
     */
    public record Section(String name, String owner, double monthlyWasteUsd, double rightsizingUsd,
                          double orphanedUsd, double realizedUsd, Double weekOverWeekChangeUsd,
                          List<RightsizingLine> topRightsizing, int rightsizingCount, List<OrphanLine> orphans,
                          List<RealizedLine> realized, List<RightsizingLine> allRightsizing) {

        public Section {
            topRightsizing = List.copyOf(topRightsizing);
            orphans = List.copyOf(orphans);
            realized = List.copyOf(realized);
            allRightsizing = List.copyOf(allRightsizing);
        }
    }

    /** A container's requests now and what they should be; CPU in cores, memory in bytes. */
    public record RightsizingLine(String cluster, String namespace, String workload, String container,
                                  Double cpuRequestCores, double cpuTargetCores, Long memoryRequestBytes,
                                  long memoryTargetBytes, double monthlyUsd, double confidence, int replicas,
                                  boolean hpaScalesOnCpu) {
    }

    /** A priced finding: an orphaned or idle resource. */
    public record OrphanLine(String kind, String resource, String name, String location, double monthlyUsd,
                             LocalDate since, long openDays) {
    }

    /** An executed action and what it takes off the bill each month. */
    public record RealizedLine(String actionId, String type, String target, String location, double monthlyUsd,
                               LocalDate executedOn) {
    }

    /** The waste that existed at the end of a week (see {@link ReportBuilder} for how past weeks are derived). */
    public record WeekPoint(LocalDate weekEnding, double monthlyWasteUsd, double realizedUsd) {
    }
}
