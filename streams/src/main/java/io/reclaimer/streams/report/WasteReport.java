package io.reclaimer.streams.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.Json;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report {@code reclaimer demo --report FILE.json} and {@code reclaimer standalone --report FILE.json}
 * write: {@code {"recommendations": [...], "findings": [...], "costs": [...], "totals": {...}}}. Built from
 * what the compacted topics currently say ({@link #of} is pure; {@link #read} reads the topics first).
 *
 * <p>{@code totals.monthlyWasteUsd} adds up the open findings except {@code overprovisioned-container}
 * (those restate recommendations); {@code totals.monthlySavingsUsd} adds up the positive savings of the
 * rightsizing recommendations. The two do not overlap except where an idle or off-hours namespace's
 * containers are also oversized.
 */
public record WasteReport(List<Recommendation> recommendations, List<ReportFinding> findings, List<CostEntry> costs,
                          Totals totals) {

    /** A finding as the report shows it. */
    public record ReportFinding(String id, String kind, String resource, String cluster, String namespace,
                                double monthlyUsd, Map<String, String> evidence, Instant since) {
        static ReportFinding of(Finding f) {
            return new ReportFinding(f.id(), f.kind().wireName(), f.resource(), f.cluster(), f.namespace(),
                    cents(f.monthlyUsd()), f.evidence(), f.since());
        }
    }

    /**
     * What a cluster or one of its namespaces costs over the allocation window (idle share included), and for
     * clusters the latest day reconciled with the invoice.
     */
    public record CostEntry(String level, String cluster, String namespace, Instant windowStart, Instant windowEnd,
                            int coveredHours, double hourlyUsd, double monthlyUsd, double idleUsd,
                            Reconciliation reconciliation) {
    }

    /** One day: estimate, invoice (null until Cost Explorer has it) and the difference. */
    public record Reconciliation(LocalDate date, double estimatedUsd, Double invoicedUsd, Boolean invoiceEstimated,
                                 Double deltaUsd, int coveredHours) {
    }

    public record Totals(double monthlyWasteUsd, double monthlySavingsUsd) {
    }

    /** The report from the current contents of the topics. Pure. */
    public static WasteReport of(Collection<Recommendation> recommendations, Collection<Finding> findings,
                                 Collection<CostAllocation> allocations, Collection<CostReconciliation> reconciliations) {
        List<Recommendation> recs = new ArrayList<>(recommendations);
        recs.sort(Comparator.comparing((Recommendation r) -> r.monthlySavingsUsd() == null ? Double.NEGATIVE_INFINITY
                : r.monthlySavingsUsd()).reversed().thenComparing(r -> r.container().key()));
        List<ReportFinding> open = findings.stream()
                .sorted(Comparator.comparingDouble(Finding::monthlyUsd).reversed().thenComparing(Finding::id))
                .map(ReportFinding::of).toList();

        Map<String, CostReconciliation> latest = new TreeMap<>();
        for (CostReconciliation r : reconciliations) {
            latest.merge(r.cluster(), r, (a, b) -> rank(a).compareTo(rank(b)) >= 0 ? a : b);
        }
        List<CostEntry> costs = new ArrayList<>();
        allocations.stream()
                .filter(a -> a.level() == CostAllocation.Level.CLUSTER || a.level() == CostAllocation.Level.NAMESPACE)
                .sorted(Comparator.comparing(CostAllocation::cluster)
                        .thenComparing(a -> a.level() == CostAllocation.Level.CLUSTER ? "" : a.namespace()))
                .forEach(a -> {
                    CostReconciliation r = a.level() == CostAllocation.Level.CLUSTER ? latest.get(a.cluster()) : null;
                    costs.add(new CostEntry(a.level().wireName(), a.cluster(), a.namespace(), a.windowStart(), a.windowEnd(),
                            a.coveredHours(), cents(a.hourlyUsd()), cents(a.monthlyUsd()), cents(a.idleUsd()),
                            r == null ? null : new Reconciliation(r.date(), cents(r.estimatedUsd()), r.invoicedUsd(),
                                    r.invoiceEstimated(), r.deltaUsd() == null ? null : cents(r.deltaUsd()), r.coveredHours())));
                });

        double waste = findings.stream().filter(f -> f.kind().addsToWaste())
                .mapToDouble(Finding::monthlyUsd).sum();
        double savings = recommendations.stream().map(Recommendation::monthlySavingsUsd)
                .filter(s -> s != null && s > 0).mapToDouble(Double::doubleValue).sum();
        return new WasteReport(List.copyOf(recs), open, List.copyOf(costs), new Totals(cents(waste), cents(savings)));
    }

    /** Reads the compacted topics to their current end and builds the report. */
    public static WasteReport read(KafkaClientSettings kafka, Topics topics, Duration timeout) {
        return of(CompactedTopicReader.readAll(kafka, topics.recommendations(), timeout).values(),
                CompactedTopicReader.readAll(kafka, topics.findings(), timeout).values(),
                CompactedTopicReader.readAll(kafka, topics.costAllocations(), timeout).values(),
                CompactedTopicReader.readAll(kafka, topics.costReconciliations(), timeout).values());
    }

    /** Pretty-printed JSON, the file format. */
    public String toJson() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }

    /** The latest day with an invoice wins; without any invoice, the latest day. */
    private static String rank(CostReconciliation r) {
        return (r.invoicedUsd() != null ? "1" : "0") + r.date();
    }

    private static double cents(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
