package io.reclaimer.streams.savings;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Savings verified against the bill, the Kafka edge of {@link VerifiedSavings} (docs/waste.md, "Savings verified
 * against the bill"). Action requests and results (both keyed by action id, co-partitioned) meet in
 * {@code verified-savings-actions}: an action counts once its request (cluster, estimate) and its first
 * {@code EXECUTED} result are both read, and stops counting when it is rolled back or reverted. Those executions and
 * the cluster's reconciliation days ({@code costs.reconciliation}: node-hours estimate and Cost Explorer line of the
 * cluster tag) meet on the cluster's partition; each change recomputes that cluster's verifications into the small
 * store {@value #STORE} (one entry per cluster), which the metrics read at scrape time. Nothing is published on a
 * topic: the figures are a view of the bill, not an input to anything.
 */
public final class VerifiedSavingsFeature implements AnalysisFeature {

    /** Cluster to its {@link ClusterSavings}: what {@code reclaimer_verified_savings_*} export. */
    public static final String STORE = "verified-savings";
    static final String ACTIONS_STORE = "verified-savings-actions";
    static final String HISTORY_STORE = "verified-savings-history";
    /** Executions and days older than this (before the cluster's newest event time) are forgotten: the actions
     * topics keep 90 days, so a replay could not see older executions anyway. */
    static final int RETENTION_DAYS = 90;

    /** This feature alone, for tests. */
    public static Topology build(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        new VerifiedSavingsFeature().addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    /** The savings of the clusters whose partitions this instance owns. */
    public static List<ClusterSavings> all(ReadOnlyKeyValueStore<String, ClusterSavings> store) {
        List<ClusterSavings> out = new ArrayList<>();
        try (KeyValueIterator<String, ClusterSavings> it = store.all()) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        StreamsBuilder builder = inputs.builder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACTIONS_STORE),
                Serdes.String(), JsonSerde.of(ActionState.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
                Serdes.String(), JsonSerde.of(ClusterHistory.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), JsonSerde.of(ClusterSavings.class)).withCachingEnabled());

        KStream<String, Object> requests = inputs.actionRequests()
                .mapValues(r -> (Object) r, Named.as("verified-savings-requests"));
        KStream<String, Object> results = inputs.actionResults()
                .mapValues(r -> (Object) r, Named.as("verified-savings-results"));
        KStream<String, SavingsSignal> executions = requests.merge(results, Named.as("verified-savings-action-events"))
                .process(Actions::new, Named.as("verified-savings-action-states"), ACTIONS_STORE);
        KStream<String, SavingsSignal> days = inputs.reconciliations()
                .filter((key, day) -> day != null, Named.as("verified-savings-days-present"))
                .map((key, day) -> KeyValue.pair(day.cluster(), SavingsSignal.day(day)), Named.as("verified-savings-days"));
        executions.merge(days, Named.as("verified-savings-signals"))
                .repartition(Repartitioned.<String, SavingsSignal>as("verified-savings-by-cluster")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(SavingsSignal.class)))
                .process(Clusters::new, Named.as("verified-savings-verify"), HISTORY_STORE, STORE);
    }

    /** Requests and results of one action id: forwards, keyed by cluster, when the action starts or stops counting. */
    private static final class Actions implements Processor<String, Object, String, SavingsSignal> {
        private KeyValueStore<String, ActionState> states;
        private ProcessorContext<String, SavingsSignal> context;

        @Override
        public void init(ProcessorContext<String, SavingsSignal> context) {
            this.context = context;
            this.states = context.getStateStore(ACTIONS_STORE);
            // most requests are dry-runs that never execute: without this the store would keep every one forever
            context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, wall -> forgetOld());
        }

        /** Drops the actions not heard of for {@link #RETENTION_DAYS} days of stream time (the topics' retention). */
        private void forgetOld() {
            long streamTime = context.currentStreamTimeMs();
            if (streamTime < 0) {
                return;
            }
            Instant oldest = Instant.ofEpochMilli(streamTime).minus(Duration.ofDays(RETENTION_DAYS));
            List<String> old = new ArrayList<>();
            try (KeyValueIterator<String, ActionState> all = states.all()) {
                all.forEachRemaining(kv -> {
                    if (kv.value.seenAt() != null && kv.value.seenAt().isBefore(oldest)) {
                        old.add(kv.key);
                    }
                });
            }
            old.forEach(states::delete);
        }

        @Override
        public void process(Record<String, Object> record) {
            ActionState before = states.get(record.key());
            ActionState state = before == null ? ActionState.NONE : before;
            ActionState after = state;
            if (record.value() instanceof ActionRequest r) {
                after = new ActionState(r.cluster(), r.monthlyUsd(), state.executedAt(), state.undone(), state.seenAt())
                        .seen(r.createdAt());
            } else if (record.value() instanceof ActionResult r) {
                if (r.status() == ActionResult.Status.EXECUTED && state.executedAt() == null) {
                    after = new ActionState(state.cluster(), state.estimatedMonthlyUsd(), r.at(), state.undone(),
                            state.seenAt());
                } else if (r.status() == ActionResult.Status.ROLLED_BACK || r.status() == ActionResult.Status.REVERTED) {
                    after = new ActionState(state.cluster(), state.estimatedMonthlyUsd(), state.executedAt(), true,
                            state.seenAt());
                }
                after = after.seen(r.at());
            }
            if (after.equals(state)) {
                return;
            }
            states.put(record.key(), after);
            if (after.counts()) {
                context.forward(record.withKey(after.cluster()).withValue(
                        SavingsSignal.executed(record.key(), after.executedAt(), after.estimatedMonthlyUsd())));
            } else if (state.counts()) {
                context.forward(record.withKey(state.cluster()).withValue(SavingsSignal.withdrawn(record.key())));
            }
        }
    }

    /** A cluster's executions and days: every change recomputes its verifications. */
    private static final class Clusters implements Processor<String, SavingsSignal, Void, Void> {
        private KeyValueStore<String, ClusterHistory> histories;
        private KeyValueStore<String, ClusterSavings> savings;
        private ProcessorContext<Void, Void> context;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.histories = context.getStateStore(HISTORY_STORE);
            this.savings = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, SavingsSignal> record) {
            SavingsSignal signal = record.value();
            if (signal == null) {
                return;
            }
            String cluster = record.key();
            ClusterHistory before = histories.get(cluster);
            ClusterHistory history = before == null ? ClusterHistory.EMPTY : before;
            Map<String, VerifiedSavings.Execution> executions = new HashMap<>(history.executions());
            Map<LocalDate, CostReconciliation> days = new TreeMap<>(history.days());
            if (signal.day() != null) {
                days.put(signal.day().date(), signal.day());
            } else if (signal.executedAt() != null) {
                executions.put(signal.actionId(), new VerifiedSavings.Execution(signal.executedAt(),
                        signal.estimatedMonthlyUsd()));
            } else {
                executions.remove(signal.actionId());
            }
            // event time: the task's stream time (reconciliations carry the usage's, results their execution's)
            Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), record.timestamp()));
            LocalDate oldest = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(RETENTION_DAYS);
            executions.values().removeIf(e -> e.at().atZone(ZoneOffset.UTC).toLocalDate().isBefore(oldest));
            days.keySet().removeIf(d -> d.isBefore(oldest.minusDays(VerifiedSavings.WINDOW_DAYS)));
            ClusterHistory after = new ClusterHistory(executions, days);
            if (!after.equals(history)) {
                histories.put(cluster, after);
            }
            List<VerifiedSavings.Verification> verifications = new ArrayList<>();
            for (VerifiedSavings.Period period : VerifiedSavings.periods(executions.values())) {
                verifications.add(VerifiedSavings.verify(cluster, period, days.values(), now));
            }
            ClusterSavings current = savings.get(cluster);
            if (verifications.isEmpty()) {
                if (current != null) {
                    savings.delete(cluster);
                }
                return;
            }
            ClusterSavings next = ClusterSavings.of(cluster, verifications);
            if (!next.equals(current)) {
                savings.put(cluster, next);
            }
        }
    }
}
