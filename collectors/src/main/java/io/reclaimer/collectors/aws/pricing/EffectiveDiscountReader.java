package io.reclaimer.collectors.aws.pricing;

import io.reclaimer.model.pricing.EffectiveDiscount;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.DataUnavailableException;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * An account's effective discount on EC2 compute over a window of days, from three Cost Explorer queries
 * (see {@link EffectiveDiscount} for the formula): {@code GetCostAndUsage} of the EC2 compute service
 * (AmortizedCost, NetAmortizedCost), {@code GetSavingsPlansUtilization} (net savings) and
 * {@code GetReservationUtilization} of the same service (net RI savings). An account without Savings Plans or
 * Reserved Instances gets {@code DataUnavailableException} from those two: it saved nothing there.
 */
final class EffectiveDiscountReader {

    static final String EC2_COMPUTE = "Amazon Elastic Compute Cloud - Compute";
    private static final Logger LOG = LoggerFactory.getLogger(EffectiveDiscountReader.class);

    private final CostExplorerClient costExplorer;

    EffectiveDiscountReader(CostExplorerClient costExplorer) {
        this.costExplorer = costExplorer;
    }

    /** The discount over {@code [start, end)}, or null when the account had no EC2 compute cost then. */
    public EffectiveDiscount read(String account, LocalDate start, LocalDate end, Instant observedAt) {
        DateInterval period = DateInterval.builder().start(start.toString()).end(end.toString()).build();
        Expression ec2 = Expression.builder().dimensions(d -> d.key(Dimension.SERVICE).values(EC2_COMPUTE)).build();
        double amortized = 0;
        double netAmortized = 0;
        String token = null;
        do {
            GetCostAndUsageResponse page = costExplorer.getCostAndUsage(GetCostAndUsageRequest.builder()
                    .timePeriod(period).granularity(Granularity.MONTHLY).filter(ec2)
                    .metrics("AmortizedCost", "NetAmortizedCost").nextPageToken(token).build());
            for (ResultByTime result : page.resultsByTime()) {
                amortized += amount(result.total().get("AmortizedCost"));
                netAmortized += amount(result.total().get("NetAmortizedCost"));
            }
            token = page.nextPageToken();
        } while (token != null && !token.isEmpty());

        double savingsPlans = 0;
        try {
            var total = costExplorer.getSavingsPlansUtilization(r -> r.timePeriod(period)).total();
            savingsPlans = total == null || total.savings() == null ? 0 : number(total.savings().netSavings());
        } catch (DataUnavailableException e) {
            LOG.debug("account {}: no Savings Plans data ({})", account, e.awsErrorDetails().errorMessage());
        }
        double reservations = 0;
        try {
            var total = costExplorer.getReservationUtilization(r -> r.timePeriod(period).filter(ec2)).total();
            reservations = total == null ? 0 : number(total.netRISavings());
        } catch (DataUnavailableException e) {
            LOG.debug("account {}: no Reserved Instance data ({})", account, e.awsErrorDetails().errorMessage());
        }
        return EffectiveDiscount.of(account, start, end, amortized, netAmortized, savingsPlans, reservations, observedAt);
    }

    private static double amount(MetricValue value) {
        return value == null ? 0 : number(value.amount());
    }

    private static double number(String value) {
        return value == null || value.isBlank() ? 0 : new BigDecimal(value).doubleValue();
    }
}
