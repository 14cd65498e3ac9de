package io.reclaimer.streams.rightsizing;

import io.reclaimer.streams.rightsizing.estimate.PodResourceRecommender;
import io.reclaimer.streams.rightsizing.state.AggregationsConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code rightsizing} section of the configuration: flat (so that every option has its
 * {@code RECLAIMER_RIGHTSIZING_*} environment override), every option with a default (an empty section works).
 * The VPA options carry the VPA recommender's own flag names, in camelCase, and defaults. See
 * docs/configuration.md and docs/rightsizing.md.
 *
 * @param strategy which strategy the topology runs: `vpa`, `percentile` or `default` (default default)
 * @param recommendationMarginFraction VPA `--recommendation-margin-fraction`: fraction of usage added as the safety margin (default 0.15)
 * @param podRecommendationMinCpuMillicores VPA `--pod-recommendation-min-cpu-millicores`: minimum CPU of a pod, split across its containers (default 25)
 * @param podRecommendationMinMemoryMb VPA `--pod-recommendation-min-memory-mb`: minimum memory (MiB) of a pod, split across its containers (default 250)
 * @param targetCpuPercentile VPA `--target-cpu-percentile` (default 0.9)
 * @param recommendationLowerBoundCpuPercentile VPA `--recommendation-lower-bound-cpu-percentile` (default 0.5)
 * @param recommendationUpperBoundCpuPercentile VPA `--recommendation-upper-bound-cpu-percentile` (default 0.95)
 * @param confidenceIntervalCpu VPA `--confidence-interval-cpu`: the unit of history of CPU confidence (default PT24H)
 * @param targetMemoryPercentile VPA `--target-memory-percentile` (default 0.9)
 * @param recommendationLowerBoundMemoryPercentile VPA `--recommendation-lower-bound-memory-percentile` (default 0.5)
 * @param recommendationUpperBoundMemoryPercentile VPA `--recommendation-upper-bound-memory-percentile` (default 0.95)
 * @param confidenceIntervalMemory VPA `--confidence-interval-memory` (default PT24H)
 * @param roundCpuMillicores VPA `--round-cpu-millicores`: round CPU up to a multiple of this (default 1)
 * @param roundMemoryBytes VPA `--round-memory-bytes`: round memory up to a multiple of this (default 1)
 * @param memoryAggregationInterval VPA `--memory-aggregation-interval`: one memory peak per pod per interval (default PT24H)
 * @param memoryAggregationIntervalCount VPA `--memory-aggregation-interval-count`: intervals in the memory window (default 8)
 * @param memoryHistogramDecayHalfLife VPA `--memory-histogram-decay-half-life` (default PT24H)
 * @param cpuHistogramDecayHalfLife VPA `--cpu-histogram-decay-half-life` (default PT24H)
 * @param oomBumpUpRatio VPA `--oom-bump-up-ratio` (default 1.2)
 * @param oomMinBumpUpBytes VPA `--oom-min-bump-up-bytes` (default 104857600)
 * @param containerRecommendationMaxAllowedCpu VPA `--container-recommendation-max-allowed-cpu`, in cores (default none)
 * @param containerRecommendationMaxAllowedMemory VPA `--container-recommendation-max-allowed-memory`, in bytes (default none)
 * @param percentileCpu `percentile` strategy: the CPU percentile (KRR `cpu_percentile`) (default 0.95)
 * @param percentileMemoryBufferFraction `percentile` strategy: added to the peak memory (KRR `memory_buffer_percentage`) (default 0.15)
 * @param percentilePointsRequired `percentile` strategy: samples needed before recommending (KRR `points_required`) (default 100)
 * @param percentileAllowHpa `percentile` strategy: KRR `allow_hpa`; false marks CPU when an HPA scales on CPU (default false)
 * @param percentileHistoryDays `percentile` strategy: days of peaks the memory maximum covers (KRR `history_duration`) (default 14)
 * @param defaultCpuPercentile `default` strategy: CPU percentile of the decaying histogram (default 0.95)
 * @param defaultCpuMarginFraction `default` strategy: added to the CPU percentile (default 0.06)
 * @param defaultCpuCapDays `default` strategy: the CPU target never exceeds the highest CPU of this many days; 0 turns the cap off (default 7)
 * @param defaultCpuFloorMillicores `default` strategy: the CPU target is at least this (idle floor) (default 25)
 * @param defaultMemoryWindowDays `default` strategy: a daily memory peak seen on at least `defaultMemoryPeakRepeats` days of this window is covered (default 10)
 * @param defaultMemoryRecentDays `default` strategy: the highest daily memory peak of this many latest days is always covered (default 2)
 * @param defaultMemoryPeakRepeats `default` strategy: days a peak must reach within the window to be covered (default 2)
 * @param defaultMemoryPeakDue `default` strategy: a recurring peak stays covered while its latest day is at most this many of its periods (the days between its last two occurrences) old; 0 keeps it for the whole window (default 3.0)
 * @param defaultMemoryMarginFraction `default` strategy: the least fraction added to the covered memory peak (default 0.04)
 * @param defaultMemoryMarginMaxFraction `default` strategy: the most fraction added to the covered memory peak; below the least fraction, the least one holds (default 0.10)
 * @param defaultMemoryRiseRank `default` strategy: the fraction added is the container's own rank-th largest rise of a daily peak above the recent peak before it, within the window, kept within the least and most fraction (default 3)
 * @param defaultMemoryVolatilityMargin `default` strategy: standard deviations of the window's daily memory peaks added on top (default 2.0)
 * @param defaultMemoryVolatilityMarginMaxBytes `default` strategy: cap of that volatility margin, in bytes (default 134217728, 128 MiB)
 * @param defaultLeakHorizon `default` strategy: a steadily rising daily peak is projected this far ahead (default P1D)
 * @param defaultPodMinimums `default` strategy: apply VPA's pod minimums (default false)
 * @param minChangeFraction emit again only when a target moves by more than this fraction (default 0.05)
 * @param confidenceSteps ... or the [0,1] confidence crosses one of this many equal steps (default 10)
 * @param podIdleTimeout a pod's state is dropped after this long without samples (sample time) (default PT1H)
 * @param cacheEntriesPerTask decoded states kept in memory per stream task (default 32: at fleet scale a container's
 *                            next sample comes a minute later and finds none, while a larger set costs the
 *                            collector; docs/rightsizing.md, "The states on the heap")
 * @param expiryScanInterval how often (sample time) containers silent for a whole memory window are removed (default PT6H)
 * @param stateStore where the encoded states live between samples: {@code memory} (the heap, about 0.43 KB per
 *                   container, rebuilt from the changelog at every start) or {@code rocksdb} (on disk, kept across
 *                   clean restarts; slower at fleet scale) (default memory)
 */
public record RightsizingConfig(String strategy, Double recommendationMarginFraction, Double podRecommendationMinCpuMillicores, Double podRecommendationMinMemoryMb, Double targetCpuPercentile, Double recommendationLowerBoundCpuPercentile, Double recommendationUpperBoundCpuPercentile, Duration confidenceIntervalCpu, Double targetMemoryPercentile, Double recommendationLowerBoundMemoryPercentile, Double recommendationUpperBoundMemoryPercentile, Duration confidenceIntervalMemory, Integer roundCpuMillicores, Long roundMemoryBytes, Duration memoryAggregationInterval, Long memoryAggregationIntervalCount, Duration memoryHistogramDecayHalfLife, Duration cpuHistogramDecayHalfLife, Double oomBumpUpRatio, Double oomMinBumpUpBytes, Double containerRecommendationMaxAllowedCpu, Long containerRecommendationMaxAllowedMemory, Double percentileCpu, Double percentileMemoryBufferFraction, Integer percentilePointsRequired, Boolean percentileAllowHpa, Integer percentileHistoryDays, Double defaultCpuPercentile, Double defaultCpuMarginFraction, Integer defaultCpuCapDays, Double defaultCpuFloorMillicores, Integer defaultMemoryWindowDays, Integer defaultMemoryRecentDays, Integer defaultMemoryPeakRepeats, Double defaultMemoryPeakDue, Double defaultMemoryMarginFraction, Double defaultMemoryMarginMaxFraction, Integer defaultMemoryRiseRank, Double defaultMemoryVolatilityMargin, Long defaultMemoryVolatilityMarginMaxBytes, Duration defaultLeakHorizon, Boolean defaultPodMinimums, Double minChangeFraction, Integer confidenceSteps, Duration podIdleTimeout, Integer cacheEntriesPerTask, Duration expiryScanInterval, String stateStore) {

    public static final Set<String> STRATEGIES = Set.of("vpa", "percentile", "default");
    private static final String STATE_IN_MEMORY = "memory";
    public static final Set<String> STATE_STORES = Set.of(STATE_IN_MEMORY, "rocksdb");
    public static final RightsizingConfig DEFAULTS = new RightsizingConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public RightsizingConfig {
        strategy = strategy == null || strategy.isBlank() ? "default" : strategy.trim().toLowerCase(Locale.ROOT);
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("rightsizing.strategy must be one of vpa, percentile, default; was '"
                    + strategy + "'");
        }
        recommendationMarginFraction = nonNegative(orDefault(recommendationMarginFraction, 0.15), "recommendationMarginFraction");
        podRecommendationMinCpuMillicores = nonNegative(orDefault(podRecommendationMinCpuMillicores, 25.0), "podRecommendationMinCpuMillicores");
        podRecommendationMinMemoryMb = nonNegative(orDefault(podRecommendationMinMemoryMb, 250.0), "podRecommendationMinMemoryMb");
        targetCpuPercentile = fraction(orDefault(targetCpuPercentile, 0.9), "targetCpuPercentile");
        recommendationLowerBoundCpuPercentile = fraction(orDefault(recommendationLowerBoundCpuPercentile, 0.5), "recommendationLowerBoundCpuPercentile");
        recommendationUpperBoundCpuPercentile = fraction(orDefault(recommendationUpperBoundCpuPercentile, 0.95), "recommendationUpperBoundCpuPercentile");
        confidenceIntervalCpu = positive(confidenceIntervalCpu, Duration.ofHours(24), "confidenceIntervalCpu");
        targetMemoryPercentile = fraction(orDefault(targetMemoryPercentile, 0.9), "targetMemoryPercentile");
        recommendationLowerBoundMemoryPercentile = fraction(orDefault(recommendationLowerBoundMemoryPercentile, 0.5), "recommendationLowerBoundMemoryPercentile");
        recommendationUpperBoundMemoryPercentile = fraction(orDefault(recommendationUpperBoundMemoryPercentile, 0.95), "recommendationUpperBoundMemoryPercentile");
        confidenceIntervalMemory = positive(confidenceIntervalMemory, Duration.ofHours(24), "confidenceIntervalMemory");
        roundCpuMillicores = atLeast(roundCpuMillicores == null ? 1 : roundCpuMillicores, 1, "roundCpuMillicores");
        roundMemoryBytes = roundMemoryBytes == null ? 1L : roundMemoryBytes;
        if (roundMemoryBytes < 1) {
            throw new IllegalArgumentException("rightsizing.roundMemoryBytes must be >= 1, was " + roundMemoryBytes);
        }
        memoryAggregationInterval = positive(memoryAggregationInterval, AggregationsConfig.DEFAULT_MEMORY_AGGREGATION_INTERVAL, "memoryAggregationInterval");
        memoryAggregationIntervalCount = memoryAggregationIntervalCount == null
                ? AggregationsConfig.DEFAULT_MEMORY_AGGREGATION_INTERVAL_COUNT : memoryAggregationIntervalCount;
        if (memoryAggregationIntervalCount < 1) {
            throw new IllegalArgumentException("rightsizing.memoryAggregationIntervalCount must be >= 1, was " + memoryAggregationIntervalCount);
        }
        memoryHistogramDecayHalfLife = positive(memoryHistogramDecayHalfLife, AggregationsConfig.DEFAULT_MEMORY_HISTOGRAM_DECAY_HALF_LIFE, "memoryHistogramDecayHalfLife");
        cpuHistogramDecayHalfLife = positive(cpuHistogramDecayHalfLife, AggregationsConfig.DEFAULT_CPU_HISTOGRAM_DECAY_HALF_LIFE, "cpuHistogramDecayHalfLife");
        oomBumpUpRatio = orDefault(oomBumpUpRatio, AggregationsConfig.DEFAULT_OOM_BUMP_UP_RATIO);
        if (!(oomBumpUpRatio >= 1) || Double.isInfinite(oomBumpUpRatio)) {
            throw new IllegalArgumentException("rightsizing.oomBumpUpRatio must be a finite number >= 1, was " + oomBumpUpRatio);
        }
        oomMinBumpUpBytes = nonNegative(orDefault(oomMinBumpUpBytes, AggregationsConfig.DEFAULT_OOM_MIN_BUMP_UP_BYTES), "oomMinBumpUpBytes");
        if (containerRecommendationMaxAllowedCpu != null) {
            nonNegative(containerRecommendationMaxAllowedCpu, "containerRecommendationMaxAllowedCpu");
        }
        if (containerRecommendationMaxAllowedMemory != null && containerRecommendationMaxAllowedMemory < 0) {
            throw new IllegalArgumentException("rightsizing.containerRecommendationMaxAllowedMemory must be >= 0");
        }
        percentileCpu = fraction(orDefault(percentileCpu, 0.95), "percentileCpu");
        percentileMemoryBufferFraction = nonNegative(orDefault(percentileMemoryBufferFraction, 0.15), "percentileMemoryBufferFraction");
        percentilePointsRequired = atLeast(percentilePointsRequired == null ? 100 : percentilePointsRequired, 1, "percentilePointsRequired");
        percentileAllowHpa = percentileAllowHpa != null && percentileAllowHpa;
        percentileHistoryDays = atLeast(percentileHistoryDays == null ? 14 : percentileHistoryDays, 1, "percentileHistoryDays");
        defaultCpuPercentile = fraction(orDefault(defaultCpuPercentile, 0.95), "defaultCpuPercentile");
        defaultCpuMarginFraction = nonNegative(orDefault(defaultCpuMarginFraction, 0.06), "defaultCpuMarginFraction");
        defaultCpuCapDays = atLeast(defaultCpuCapDays == null ? 7 : defaultCpuCapDays, 0, "defaultCpuCapDays");
        defaultCpuFloorMillicores = nonNegative(orDefault(defaultCpuFloorMillicores, 25.0), "defaultCpuFloorMillicores");
        defaultMemoryWindowDays = atLeast(defaultMemoryWindowDays == null ? 10 : defaultMemoryWindowDays, 1, "defaultMemoryWindowDays");
        defaultMemoryRecentDays = atLeast(defaultMemoryRecentDays == null ? 2 : defaultMemoryRecentDays, 1, "defaultMemoryRecentDays");
        defaultMemoryPeakRepeats = atLeast(defaultMemoryPeakRepeats == null ? 2 : defaultMemoryPeakRepeats, 1, "defaultMemoryPeakRepeats");
        defaultMemoryPeakDue = nonNegative(orDefault(defaultMemoryPeakDue, 3.0), "defaultMemoryPeakDue");
        defaultMemoryMarginFraction = nonNegative(orDefault(defaultMemoryMarginFraction, 0.04), "defaultMemoryMarginFraction");
        defaultMemoryMarginMaxFraction = nonNegative(orDefault(defaultMemoryMarginMaxFraction, 0.10), "defaultMemoryMarginMaxFraction");
        defaultMemoryRiseRank = atLeast(defaultMemoryRiseRank == null ? 3 : defaultMemoryRiseRank, 1, "defaultMemoryRiseRank");
        defaultMemoryVolatilityMargin = nonNegative(orDefault(defaultMemoryVolatilityMargin, 2.0), "defaultMemoryVolatilityMargin");
        defaultMemoryVolatilityMarginMaxBytes = defaultMemoryVolatilityMarginMaxBytes == null ? 128L << 20 : defaultMemoryVolatilityMarginMaxBytes;
        if (defaultMemoryVolatilityMarginMaxBytes < 0) {
            throw new IllegalArgumentException("rightsizing.defaultMemoryVolatilityMarginMaxBytes must be >= 0, was "
                    + defaultMemoryVolatilityMarginMaxBytes);
        }
        defaultLeakHorizon = defaultLeakHorizon == null ? Duration.ofDays(1) : defaultLeakHorizon;
        if (defaultLeakHorizon.isNegative()) {
            throw new IllegalArgumentException("rightsizing.defaultLeakHorizon must not be negative");
        }
        defaultPodMinimums = defaultPodMinimums != null && defaultPodMinimums;
        minChangeFraction = fraction(orDefault(minChangeFraction, 0.05), "minChangeFraction");
        confidenceSteps = atLeast(confidenceSteps == null ? 10 : confidenceSteps, 1, "confidenceSteps");
        podIdleTimeout = positive(podIdleTimeout, Duration.ofHours(1), "podIdleTimeout");
        cacheEntriesPerTask = atLeast(cacheEntriesPerTask == null ? 32 : cacheEntriesPerTask, 0, "cacheEntriesPerTask");
        expiryScanInterval = positive(expiryScanInterval, Duration.ofHours(6), "expiryScanInterval");
        stateStore = stateStore == null || stateStore.isBlank() ? STATE_IN_MEMORY : stateStore.trim().toLowerCase(Locale.ROOT);
        if (!STATE_STORES.contains(stateStore)) {
            throw new IllegalArgumentException("rightsizing.stateStore must be one of memory, rocksdb; was '"
                    + stateStore + "'");
        }
    }

    /** Whether the encoded states live on the heap rather than in RocksDB ({@code stateStore}). */
    public boolean statesInMemory() {
        return STATE_IN_MEMORY.equals(stateStore);
    }

    public RightsizingConfig withStrategy(String name) {
        return with("strategy", name);
    }

    /**
     * A copy with one option changed, by its name (a record component, as in the YAML section), validated like
     * the original: what the backtest's sweeps vary. The value must have the option's type (Double, Integer...).
     */
    public RightsizingConfig with(String option, Object value) {
        RecordComponent[] components = RightsizingConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getAccessor().invoke(this);
                if (components[i].getName().equals(option)) {
                    if (value != null && !types[i].isInstance(value)) {
                        throw new IllegalArgumentException("rightsizing." + option + " takes a " + types[i].getSimpleName()
                                + ", was " + value.getClass().getSimpleName() + " " + value);
                    }
                    values[i] = value;
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no rightsizing option '" + option + "'");
            }
            return RightsizingConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The aggregation settings shared by all strategies (they read the same state). */
    public AggregationsConfig aggregations() {
        return AggregationsConfig.of(memoryAggregationInterval, memoryAggregationIntervalCount,
                memoryHistogramDecayHalfLife, cpuHistogramDecayHalfLife, oomBumpUpRatio, oomMinBumpUpBytes);
    }

    /** How many days of daily peaks the state keeps: enough for every strategy's window. */
    public int dailyPeakDays() {
        return Math.max(Math.max(percentileHistoryDays, defaultMemoryWindowDays + 1),
                Math.max(defaultMemoryRecentDays, defaultCpuCapDays));
    }

    /** VPA's {@code RecommendationConfig} from these flags. */
    public PodResourceRecommender.Config recommenderConfig() {
        return new PodResourceRecommender.Config(recommendationMarginFraction, podRecommendationMinCpuMillicores,
                podRecommendationMinMemoryMb, targetCpuPercentile, recommendationLowerBoundCpuPercentile,
                recommendationUpperBoundCpuPercentile, confidenceIntervalCpu, targetMemoryPercentile,
                recommendationLowerBoundMemoryPercentile, recommendationUpperBoundMemoryPercentile,
                confidenceIntervalMemory);
    }

    private static double orDefault(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    private static double fraction(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("rightsizing." + name + " must be within [0, 1], was " + value);
        }
        return value;
    }

    private static double nonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("rightsizing." + name + " must be a finite number >= 0, was " + value);
        }
        return value;
    }

    private static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException("rightsizing." + name + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("rightsizing." + name + " must be a positive duration, was " + value);
        }
        return value;
    }
}
