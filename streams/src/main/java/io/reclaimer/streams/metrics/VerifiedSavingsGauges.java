package io.reclaimer.streams.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.streams.savings.ClusterSavings;
import io.reclaimer.streams.savings.VerifiedSavings.Status;
import io.reclaimer.streams.savings.VerifiedSavingsFeature;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code reclaimer_verified_savings_*}: the savings verified against the bill, next to what the same executions were
 * estimated to save. Read at scrape time from the {@link VerifiedSavingsFeature#STORE} store, one small entry per
 * cluster with executed actions in the last 90 days (the figures are recomputed there as executions and days arrive,
 * never here). A cluster with nothing verified yet has no verified series, only its pending or incomplete count.
 */
final class VerifiedSavingsGauges {

    private VerifiedSavingsGauges() {
    }

    static void register(PrometheusRegistry registry, StateAccess state) {
        GaugeWithCallback.builder().name("reclaimer_verified_savings_monthly_usd")
                .help("Monthly USD the cluster costs less in the week after its executed actions than in the week before "
                        + "(same weekdays), summed over its verified periods; basis node_hours (Reclaimer's node-hours "
                        + "cost) or invoice (Cost Explorer's line of the cluster tag)")
                .labelNames("cluster", "basis")
                .callback(cb -> clusters(state, s -> {
                    if (s.nodeHoursMonthlyUsd() != null) {
                        cb.call(s.nodeHoursMonthlyUsd(), s.cluster(), "node_hours");
                    }
                    if (s.invoiceMonthlyUsd() != null) {
                        cb.call(s.invoiceMonthlyUsd(), s.cluster(), "invoice");
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("reclaimer_verified_savings_estimated_monthly_usd")
                .help("Monthly USD the executed actions of the same verified periods were estimated to save (their "
                        + "requests' monthlyUsd): the estimate the verified figure checks")
                .labelNames("cluster")
                .callback(cb -> clusters(state, s -> {
                    if (s.estimatedMonthlyUsd() != null) {
                        cb.call(s.estimatedMonthlyUsd(), s.cluster());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("reclaimer_verified_savings_periods")
                .help("Periods of executed actions by verification status: verified, pending (the week after has not "
                        + "ended), incomplete (days of usage or invoice lines missing)")
                .labelNames("cluster", "status")
                .callback(cb -> clusters(state, s -> {
                    for (Status status : Status.values()) {
                        cb.call(s.count(status), s.cluster(), status.name().toLowerCase(Locale.ROOT));
                    }
                })).register(registry);
    }

    private static void clusters(StateAccess state, Consumer<ClusterSavings> action) {
        ReadOnlyKeyValueStore<String, ClusterSavings> store = state.keyValueStore(VerifiedSavingsFeature.STORE);
        if (store == null) {
            return;
        }
        List<ClusterSavings> all = VerifiedSavingsFeature.all(store);
        all.forEach(action);
    }
}
