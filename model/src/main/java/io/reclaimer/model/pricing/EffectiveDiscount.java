package io.reclaimer.model.pricing;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What an account really pays for EC2 compute relative to public prices, over the final days
 * {@code [start, end)} of Cost Explorer (docs/pricing.md, "Effective discount"):
 *
 * <pre>
 *   onDemandEquivalentUsd = amortizedUsd + savingsPlanSavingsUsd + reservationSavingsUsd
 *   factor                = netAmortizedUsd / onDemandEquivalentUsd
 * </pre>
 *
 * {@code amortizedUsd} and {@code netAmortizedUsd} are Cost Explorer's AmortizedCost and NetAmortizedCost of the
 * service "Amazon Elastic Compute Cloud - Compute" (so usage bought at list price counts at list price, Savings
 * Plans and Reserved Instances at their amortized commitment, and the net figure also takes EDP and other
 * negotiated discounts off); the savings are what Savings Plans and EC2 Reserved Instances saved against
 * on-demand, net of unused commitment. A factor of 0.72 means every list-price dollar costs 72 cents.
 * Keyed {@code discount/<account>}.
 */
@JsonTypeName("effective-discount/v1")
public record EffectiveDiscount(String account, LocalDate start, LocalDate end, double amortizedUsd,
                                double netAmortizedUsd, double savingsPlanSavingsUsd, double reservationSavingsUsd,
                                double onDemandEquivalentUsd, double factor, String source, Instant observedAt)
        implements PriceRecord {

    public EffectiveDiscount {
        Require.segment(account, "account");
        Require.present(start, "start");
        Require.present(end, "end");
        if (!end.isAfter(start)) {
            throw new InvalidEventException("end must be after start");
        }
        Require.finite(amortizedUsd, "amortizedUsd");
        Require.finite(netAmortizedUsd, "netAmortizedUsd");
        Require.finite(savingsPlanSavingsUsd, "savingsPlanSavingsUsd");
        Require.finite(reservationSavingsUsd, "reservationSavingsUsd");
        Require.finite(onDemandEquivalentUsd, "onDemandEquivalentUsd");
        if (!(factor > 0) || factor > 10 || Double.isNaN(factor)) {
            throw new InvalidEventException("factor must be within (0, 10], was " + factor);
        }
        Require.text(source, "source");
        Require.present(observedAt, "observedAt");
    }

    public static String keyOf(String account) {
        return "discount/" + account;
    }

    @Override
    public String key() {
        return keyOf(account);
    }

    /**
     * The discount from Cost Explorer's sums, or null when there is nothing to compare (no compute spend in the
     * window, or sums that do not make a positive factor).
     */
    public static EffectiveDiscount of(String account, LocalDate start, LocalDate end, double amortizedUsd,
                                       double netAmortizedUsd, double savingsPlanSavingsUsd,
                                       double reservationSavingsUsd, Instant observedAt) {
        double onDemandEquivalent = amortizedUsd + savingsPlanSavingsUsd + reservationSavingsUsd;
        if (onDemandEquivalent <= 0 || netAmortizedUsd <= 0) {
            return null;
        }
        double factor = netAmortizedUsd / onDemandEquivalent;
        if (factor > 10) {
            return null;
        }
        return new EffectiveDiscount(account, start, end, amortizedUsd, netAmortizedUsd, savingsPlanSavingsUsd,
                reservationSavingsUsd, onDemandEquivalent, Math.round(factor * 1e6) / 1e6, COST_EXPLORER, observedAt);
    }
}
