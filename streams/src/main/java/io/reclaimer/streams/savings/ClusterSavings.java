package io.reclaimer.streams.savings;

import io.reclaimer.streams.savings.VerifiedSavings.Status;
import io.reclaimer.streams.savings.VerifiedSavings.Verification;
import java.util.List;

/**
 * A cluster's savings verified against the bill, as the metrics export it: one verification per period of
 * executions (oldest first), and their sums. The sums cover the {@code VERIFIED} periods only; the invoice sum is
 * null unless every verified period has its invoice figure (no partial sum passes for the bill's). Nothing
 * verified yet is {@code verified == 0} with the sums null, never a zero that would read as "saved nothing".
 */
public record ClusterSavings(String cluster, List<Verification> verifications, int verified, int pending,
                             int incomplete, Double nodeHoursMonthlyUsd, Double invoiceMonthlyUsd,
                             Double estimatedMonthlyUsd, boolean provisional) {

    public ClusterSavings {
        verifications = verifications == null ? List.of() : List.copyOf(verifications);
    }

    static ClusterSavings of(String cluster, List<Verification> verifications) {
        int verified = 0;
        int pending = 0;
        int incomplete = 0;
        double nodeHours = 0;
        double invoice = 0;
        double estimate = 0;
        boolean invoiceComplete = true;
        boolean provisional = false;
        for (Verification v : verifications) {
            switch (v.status()) {
                case PENDING -> pending++;
                case INCOMPLETE -> incomplete++;
                case VERIFIED -> {
                    verified++;
                    nodeHours += v.verifiedNodeHoursMonthlyUsd();
                    estimate += v.estimatedMonthlyUsd();
                    if (v.verifiedInvoiceMonthlyUsd() == null) {
                        invoiceComplete = false;
                    } else {
                        invoice += v.verifiedInvoiceMonthlyUsd();
                        provisional |= v.provisional();
                    }
                }
            }
        }
        boolean any = verified > 0;
        return new ClusterSavings(cluster, verifications, verified, pending, incomplete, any ? nodeHours : null,
                any && invoiceComplete ? invoice : null, any ? estimate : null, any && invoiceComplete && provisional);
    }

    /** Periods in one status. */
    public int count(Status status) {
        return switch (status) {
            case VERIFIED -> verified;
            case PENDING -> pending;
            case INCOMPLETE -> incomplete;
        };
    }
}
