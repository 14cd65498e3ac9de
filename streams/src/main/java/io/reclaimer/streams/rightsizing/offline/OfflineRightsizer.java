package io.reclaimer.streams.rightsizing.offline;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.streams.rightsizing.Recommendations;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.state.OomSizing;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import io.reclaimer.streams.rightsizing.state.WorkloadFacts;
import io.reclaimer.streams.rightsizing.strategy.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rightsizing without Kafka: the rows of a usage export go, in time order, through the very state, strategy
 * and recommendation classes the topology uses; the result is each container's recommendation as of its
 * newest sample.
 */
public final class OfflineRightsizer {

    private final RightsizingConfig config;
    private final RightsizingStateCodec codec;

    public OfflineRightsizer(RightsizingConfig config) {
        this.config = config;
        this.codec = new RightsizingStateCodec(config.aggregations(), config.dailyPeakDays());
    }

    /** A container's recommendation and the workload column it came from. */
    public record Result(String workload, Recommendation recommendation) {
    }

    /**
     * Recommendations for every container of the rows by the named strategy, sorted by container key.
     * {@code prices} (may be null) price the savings of containers whose requests the rows carry.
     */
    public List<Result> recommend(List<UsageCsv.Row> rows, String strategy, UnitPrices prices) {
        Recommendations recommendations = new Recommendations(config, Strategy.of(strategy, config));
        Map<ContainerRef, RightsizingState> states = replay(rows, prices);
        Map<ContainerRef, String> workloads = new HashMap<>();
        rows.forEach(row -> workloads.putIfAbsent(row.container(), row.workload()));
        List<Result> results = new ArrayList<>();
        states.forEach((container, state) -> recommendations.build(container, state, Map.of(), Map.of())
                .ifPresent(r -> results.add(new Result(workloads.get(container), r))));
        results.sort(Comparator.comparing(r -> r.recommendation().container().key()));
        return results;
    }

    /** Feeds the rows, in time order, into one state per container. */
    public Map<ContainerRef, RightsizingState> replay(List<UsageCsv.Row> rows, UnitPrices prices) {
        Map<ContainerRef, RightsizingState> states = new LinkedHashMap<>();
        Map<String, Integer> containersPerWorkload = containersPerWorkload(rows);
        for (UsageCsv.Row row : inTimeOrder(rows)) {
            RightsizingState state = states.computeIfAbsent(row.container(), c -> {
                RightsizingState fresh = codec.newState();
                fresh.facts(WorkloadFacts.UNKNOWN.withContainersInPod(containersPerWorkload.get(c.workload().key())));
                return fresh;
            });
            apply(state, row, prices);
        }
        return states;
    }

    /** One row into a state: its requests become the known facts, its sample and OOM kill are recorded. */
    public void apply(RightsizingState state, UsageCsv.Row row, UnitPrices prices) {
        WorkloadFacts facts = state.facts();
        if (row.cpuRequestCores() != null || row.memoryRequestBytes() != null || prices != null) {
            state.facts(new WorkloadFacts(row.cpuRequestCores() != null ? row.cpuRequestCores() : facts.cpuRequestCores(),
                    row.memoryRequestBytes() != null ? row.memoryRequestBytes() : facts.memoryRequestBytes(), 0,
                    prices == null ? null : prices.cpuUsdPerCoreHour(), prices == null ? null : prices.memoryUsdPerGibHour(),
                    false, false, facts.containersInPod()));
        }
        state.addSample(row.pod(), row.timestampMillis(), row.cpuCores(), row.memoryBytes(), config.podIdleTimeout());
        if (row.oomKilled()) {
            state.recordOom(row.pod(), row.timestampMillis(),
                    OomSizing.memoryAtKill(row.memoryRequestBytes(), row.memoryBytes(), state.facts().memoryRequestBytes()));
        }
    }

    public static List<UsageCsv.Row> inTimeOrder(List<UsageCsv.Row> rows) {
        List<UsageCsv.Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(UsageCsv.Row::timestampMillis).thenComparingLong(UsageCsv.Row::line));
        return sorted;
    }

    static Map<String, Integer> containersPerWorkload(List<UsageCsv.Row> rows) {
        Map<String, Set<String>> names = new HashMap<>();
        rows.forEach(r -> names.computeIfAbsent(r.container().workload().key(), k -> new HashSet<>()).add(r.container().container()));
        Map<String, Integer> counts = new HashMap<>();
        names.forEach((workload, set) -> counts.put(workload, set.size()));
        return counts;
    }
}
