package io.reclaimer.model.costs;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One cluster-day of Reclaimer's own cost estimate next to what Cost Explorer invoiced for the cluster's
 * cost-allocation tag ({@code tagKey}={@code cluster}). The estimate is the nodes' cost (allocated plus
 * idle) and the control plane over the {@code coveredHours} that had usage data, scaled to the whole day;
 * {@code deltaUsd = invoicedUsd - estimatedUsd} is what the estimate misses (storage, load balancers,
 * data transfer, discounts, price differences), {@code deltaRatio} the same relative to the invoice.
 * Invoice fields are null until Cost Explorer has a line for that day; {@code invoiceEstimated} says
 * whether that line may still change. Keyed by {@link #key()} on the compacted reconciliation topic.
 */
@JsonTypeName("cost-reconciliation/v1")
public record CostReconciliation(String cluster, LocalDate date, String tagKey, String metric, double computeUsd,
                                 double controlPlaneUsd, double estimatedUsd, int coveredHours, Double invoicedUsd,
                                 Boolean invoiceEstimated, Double deltaUsd, Double deltaRatio, Instant computedAt)
        implements Event {

    public CostReconciliation {
        Require.segment(cluster, "cluster");
        Require.present(date, "date");
        Require.text(tagKey, "tagKey");
        Require.text(metric, "metric");
        Require.nonNegative(computeUsd, "computeUsd");
        Require.nonNegative(controlPlaneUsd, "controlPlaneUsd");
        Require.nonNegative(estimatedUsd, "estimatedUsd");
        Require.nonNegative(coveredHours, "coveredHours");
        if (coveredHours > 25) {
            throw new InvalidEventException("coveredHours must be at most 25 (a DST day), was " + coveredHours);
        }
        if (invoicedUsd != null) {
            Require.finite(invoicedUsd, "invoicedUsd");
        }
        if (deltaUsd != null) {
            Require.finite(deltaUsd, "deltaUsd");
        }
        if (deltaRatio != null) {
            Require.finite(deltaRatio, "deltaRatio");
        }
        Require.present(computedAt, "computedAt");
    }

    /** The estimate next to an invoice amount (or none yet), with the delta worked out. */
    public static CostReconciliation of(String cluster, LocalDate date, String tagKey, String metric, double computeUsd,
                                        double controlPlaneUsd, double estimatedUsd, int coveredHours,
                                        Double invoicedUsd, Boolean invoiceEstimated, Instant computedAt) {
        Double delta = invoicedUsd == null ? null : invoicedUsd - estimatedUsd;
        Double ratio = invoicedUsd == null || invoicedUsd == 0 ? null : delta / invoicedUsd;
        return new CostReconciliation(cluster, date, tagKey, metric, computeUsd, controlPlaneUsd, estimatedUsd,
                coveredHours, invoicedUsd, invoiceEstimated, delta, ratio, computedAt);
    }

    public String key() {
        return cluster + '/' + date;
    }
}
