package io.reclaimer.model.costs;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
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
 *
 * <p>With the account's effective discount known ({@code discountFactor}, docs/pricing.md), the estimate is also
 * given after it: {@code discountedEstimatedUsd} is the compute part times the factor plus the control plane,
 * and {@code discountedDeltaUsd}/{@code discountedDeltaRatio} the invoice against that. The delta before and
 * after the discount shows how much of the gap Savings Plans, RIs and negotiated rates explain. These four are
 * null without a known discount (and in records written before they existed).
 */
@JsonTypeName("cost-reconciliation/v1")
public record CostReconciliation(String cluster, LocalDate date, String tagKey, String metric, double computeUsd,
                                 double controlPlaneUsd, double estimatedUsd, int coveredHours, Double invoicedUsd,
                                 Boolean invoiceEstimated, Double deltaUsd, Double deltaRatio, Instant computedAt,
                                 @AddedLater("issue 16: the effective discount, null when unknown") Double discountFactor,
                                 @AddedLater("issue 16: the estimate after the discount, null when unknown") Double discountedEstimatedUsd,
                                 @AddedLater("issue 16: the delta after the discount, null when unknown") Double discountedDeltaUsd,
                                 @AddedLater("issue 16: the relative delta after the discount, null when unknown") Double discountedDeltaRatio)
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
        if (discountFactor != null && !(discountFactor > 0)) {
            throw new InvalidEventException("discountFactor must be positive, was " + discountFactor);
        }
        if (discountedEstimatedUsd != null) {
            Require.nonNegative(discountedEstimatedUsd, "discountedEstimatedUsd");
        }
        if (discountedDeltaUsd != null) {
            Require.finite(discountedDeltaUsd, "discountedDeltaUsd");
        }
        if (discountedDeltaRatio != null) {
            Require.finite(discountedDeltaRatio, "discountedDeltaRatio");
        }
    }

    /** Without a known discount. */
    public CostReconciliation(String cluster, LocalDate date, String tagKey, String metric, double computeUsd,
                              double controlPlaneUsd, double estimatedUsd, int coveredHours, Double invoicedUsd,
                              Boolean invoiceEstimated, Double deltaUsd, Double deltaRatio, Instant computedAt) {
        this(cluster, date, tagKey, metric, computeUsd, controlPlaneUsd, estimatedUsd, coveredHours, invoicedUsd,
                invoiceEstimated, deltaUsd, deltaRatio, computedAt, null, null, null, null);
    }

    /** The estimate next to an invoice amount (or none yet), with the delta worked out. */
    public static CostReconciliation of(String cluster, LocalDate date, String tagKey, String metric, double computeUsd,
                                        double controlPlaneUsd, double estimatedUsd, int coveredHours,
                                        Double invoicedUsd, Boolean invoiceEstimated, Instant computedAt) {
        return of(cluster, date, tagKey, metric, computeUsd, controlPlaneUsd, estimatedUsd, coveredHours, invoicedUsd,
                invoiceEstimated, computedAt, null);
    }

    /**
     * The same, and with {@code discountFactor} (null: none known) the estimate and delta after the account's
     * effective discount, which applies to the compute part (the EKS control plane fee is not discounted).
     */
    public static CostReconciliation of(String cluster, LocalDate date, String tagKey, String metric, double computeUsd,
                                        double controlPlaneUsd, double estimatedUsd, int coveredHours,
                                        Double invoicedUsd, Boolean invoiceEstimated, Instant computedAt,
                                        Double discountFactor) {
        Double delta = invoicedUsd == null ? null : invoicedUsd - estimatedUsd;
        Double ratio = invoicedUsd == null || invoicedUsd == 0 ? null : delta / invoicedUsd;
        Double discounted = discountFactor == null ? null
                : Math.round((computeUsd * discountFactor + controlPlaneUsd) * 1e6) / 1e6;
        Double discountedDelta = discounted == null || invoicedUsd == null ? null : invoicedUsd - discounted;
        Double discountedRatio = discountedDelta == null || invoicedUsd == 0 ? null : discountedDelta / invoicedUsd;
        return new CostReconciliation(cluster, date, tagKey, metric, computeUsd, controlPlaneUsd, estimatedUsd,
                coveredHours, invoicedUsd, invoiceEstimated, delta, ratio, computedAt, discountFactor, discounted,
                discountedDelta, discountedRatio);
    }

    public String key() {
        return cluster + '/' + date;
    }
}
