package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.topics.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated account's Cost Explorer lines as the AWS collector emits them: per day, per cluster tag and per
 * service, unblended and amortized, from the {@link SimulatedInvoice} with a little seeded noise.
 */
final class SimulatedBilling {

    /** Cost Explorer finalises a day after a couple of days; younger days are estimates. */
    static final int ESTIMATED_DAYS = 2;

    private final SimulatorConfig config;
    private final Topics topics;
    private final SimFleet fleet;
    private final FleetPrices prices;

    SimulatedBilling(SimulatorConfig config, Topics topics, SimFleet fleet, FleetPrices prices) {
        this.config = config;
        this.topics = topics;
        this.fleet = fleet;
        this.prices = prices;
    }

    /** Cost Explorer lines for every day in [from, to), the last two before {@code asOf} marked estimated. */
    void emit(EventSink sink, LocalDate from, LocalDate to, Instant asOf) {
        LocalDate today = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            boolean estimated = !day.isBefore(today.minusDays(ESTIMATED_DAYS));
            Map<String, Double> byService = new HashMap<>();
            for (SimFleet.Cluster cluster : fleet.clusters()) {
                Map<String, Double> daily = SimulatedInvoice.dailyCost(cluster, prices.nodesHourlyUsd(cluster));
                double noise = 1 + 0.03 * Noise.gaussian(config.seed(), Noise.hash("bill/" + cluster.id()), day.toEpochDay());
                double total = 0;
                for (Map.Entry<String, Double> entry : daily.entrySet()) {
                    double amount = entry.getValue() * noise;
                    byService.merge(entry.getKey(), amount, Double::sum);
                    total += amount;
                }
                for (String metric : List.of("UnblendedCost", "AmortizedCost")) {
                    BillingLine line = new BillingLine(config.account(), day, metric, "TAG", null, "cluster", cluster.id(),
                            cents(total), "USD", estimated, asOf);
                    sink.emit(topics.billingLines(), line.key(), line);
                }
            }
            for (Map.Entry<String, Double> entry : byService.entrySet()) {
                for (String metric : List.of("UnblendedCost", "AmortizedCost")) {
                    BillingLine line = new BillingLine(config.account(), day, metric, "SERVICE", entry.getKey(), null, null,
                            cents(entry.getValue()), "USD", estimated, asOf);
                    sink.emit(topics.billingLines(), line.key(), line);
                }
            }
        }
    }

    private static double cents(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
