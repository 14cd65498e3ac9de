package io.reclaimer.streams.rightsizing;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.streams.rightsizing.estimate.Confidence;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.AggregateContainerState;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.WorkloadFacts;
import io.reclaimer.streams.rightsizing.strategy.Strategy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link Recommendation} event from a state and a strategy: the one place that prices a
 * recommendation, judges under-provisioning and scores confidence, shared by the topology, the interactive
 * queries, the offline command and the backtest.
 *
 * <ul>
 *   <li>{@code monthlySavingsUsd} = Σ (request − target) × unit price × replicas × 730 h over the resources
 *       whose request is known; null when no request or no price is known. A resource an HPA scales on is left
 *       out: resizing it changes the HPA's behaviour, not the bill, in a way we cannot predict.</li>
 *   <li>{@code cpuUnderProvisioned}: the 90th percentile of CPU usage (VPA's target percentile, before any
 *       margin) is above the request. {@code memoryUnderProvisioned}: the latest day's memory peak is above
 *       the request, or an OOM kill happened within the memory window.</li>
 *   <li>{@code whatIf}: the {@link WhatIfEstimator} estimate of the targets.</li>
 *   <li>{@code confidence} = c / (1 + c), where c is VPA's confidence in days of history (the smaller of CPU's
 *       and memory's): 0.5 after a day, 0.875 after a week.</li>
 * </ul>
 */
public final class Recommendations {

    private final RightsizingConfig config;
    private final Strategy strategy;

    public Recommendations(RightsizingConfig config, Strategy strategy) {
        this.config = config;
        this.strategy = strategy;
    }

    public Strategy strategy() {
        return strategy;
    }

    public Optional<RecommendedResources> resources(RightsizingState state) {
        return strategy.recommend(state);
    }

    /** Only the targets (cheap: no bounds), or null while the strategy has too little history. */
    public Strategy.Targets targets(RightsizingState state) {
        return strategy.targets(state);
    }

    /** The recommendation for the container, or empty while the strategy has too little history. */
    public Optional<Recommendation> build(ContainerRef container, RightsizingState state, Map<String, String> labels,
                                          Map<String, String> annotations) {
        return resources(state).map(r -> build(container, state, r, labels, annotations));
    }

    public Recommendation build(ContainerRef container, RightsizingState state, RecommendedResources r,
                                Map<String, String> labels, Map<String, String> annotations) {
        WorkloadFacts facts = state.facts();
        AggregateContainerState aggregate = state.aggregate();
        int replicas = replicas(state);
        Flags flags = flags(state);
        Recommendation.Cpu cpu = new Recommendation.Cpu(facts.cpuRequestCores(),
                ResourceAmounts.coresFromCpuAmount(r.targetCpuMillicores()),
                ResourceAmounts.coresFromCpuAmount(r.lowerBoundCpuMillicores()),
                ResourceAmounts.coresFromCpuAmount(r.upperBoundCpuMillicores()));
        Recommendation.Memory memory = new Recommendation.Memory(facts.memoryRequestBytes(), r.targetMemoryBytes(),
                r.lowerBoundMemoryBytes(), r.upperBoundMemoryBytes());
        Instant first = aggregate.isEmpty() ? null : Instant.ofEpochMilli(aggregate.firstSampleStart());
        Instant last = aggregate.isEmpty() ? null : Instant.ofEpochMilli(aggregate.lastSampleStart());
        // the what-if of the target itself, so that whoever reads the recommendation (the approval message) sees
        // what it would have meant, as estimated from the same state
        WhatIfEstimate whatIf = r.targetCpuMillicores() > 0 && r.targetMemoryBytes() > 0
                ? WhatIfEstimator.estimate(state, cpu.targetCores(), r.targetMemoryBytes()).orElse(null) : null;
        return new Recommendation(container, strategy.name(), cpu, memory, confidence(state), savings(facts, r, replicas),
                replicas, flags.cpu, flags.memory, facts.hpaScalesOnCpu(), aggregate.totalSamplesCount(), first, last,
                Instant.ofEpochMilli(state.newestTime()), labels, annotations, null, null, whatIf);
    }

    /** Replicas from the inventory; without it, the pods currently reporting. */
    public static int replicas(RightsizingState state) {
        return state.facts().replicas() > 0 ? state.facts().replicas() : Math.max(1, state.pods().size());
    }

    public double confidence(RightsizingState state) {
        AggregateContainerState a = state.aggregate();
        double c = Math.min(Confidence.of(a, config.confidenceIntervalCpu()),
                Confidence.of(a, config.confidenceIntervalMemory()));
        return Confidence.normalized(c);
    }

    /** The confidence bucket used to decide whether a recommendation changed materially. */
    public int confidenceStep(RightsizingState state) {
        return (int) Math.floor(confidence(state) * config.confidenceSteps());
    }

    static Double savings(WorkloadFacts facts, RecommendedResources r, int replicas) {
        return savings(facts, r.targetCpuMillicores(), r.targetMemoryBytes(), replicas);
    }

    /** The monthly savings of requesting {@code cpuMillicores} and {@code memoryBytes} instead of today's requests. */
    static Double savings(WorkloadFacts facts, long cpuMillicores, long memoryBytes, int replicas) {
        if (!facts.pricesKnown() || (facts.cpuRequestCores() == null && facts.memoryRequestBytes() == null)) {
            return null;
        }
        double hourly = 0;
        if (facts.cpuRequestCores() != null && !facts.hpaScalesOnCpu()) {
            hourly += (facts.cpuRequestCores() - ResourceAmounts.coresFromCpuAmount(cpuMillicores))
                    * facts.cpuUsdPerCoreHour();
        }
        if (facts.memoryRequestBytes() != null && !facts.hpaScalesOnMemory()) {
            hourly += (facts.memoryRequestBytes() - memoryBytes) / UnitPrices.BYTES_PER_GIB
                    * facts.memoryUsdPerGibHour();
        }
        double monthly = hourly * replicas * UnitPrices.HOURS_PER_MONTH;
        return Math.round(monthly * 100) / 100.0;
    }

    /** Whether usage exceeds the request (see the class comment). */
    public Flags flags(RightsizingState state) {
        WorkloadFacts facts = state.facts();
        boolean cpu = facts.cpuRequestCores() != null && !state.aggregate().cpuUsage().isEmpty()
                && state.aggregate().cpuUsage().percentile(config.targetCpuPercentile()) > facts.cpuRequestCores();
        boolean memory = facts.memoryRequestBytes() != null
                && (state.dailyPeaks().memoryPeak(0) > facts.memoryRequestBytes()
                || state.oomMemoryBytes(state.newestTime()) > 0);
        return new Flags(cpu, memory);
    }

    /** The two under-provisioning flags. */
    public record Flags(boolean cpu, boolean memory) {
        public int bits() {
            return (cpu ? 1 : 0) | (memory ? 2 : 0);
        }
    }
}
