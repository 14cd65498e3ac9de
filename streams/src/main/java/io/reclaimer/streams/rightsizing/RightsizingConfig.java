package io.reclaimer.streams.rightsizing;

import io.reclaimer.streams.rightsizing.estimate.PodResourceRecommender;
import io.reclaimer.streams.rightsizing.state.AggregationsConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code rightsizing} section of the configuration. Every option has a default (an empty section works);
 * the {@code vpa} options carry the VPA recommender's own flag defaults and names. See docs/configuration.md.
 *
 * @param strategy          which strategy the topology runs: {@code vpa}, {@code percentile} or {@code default} (default {@code default})
 * @param vpa               the VPA recommender's flags (aggregation and estimation)
 * @param percentile        the {@code percentile} strategy (Robusta KRR's "simple")
 * @param balanced          the {@code default} strategy
 * @param minChangeFraction emit again only when a target moves by more than this fraction (default 0.05)
 * @param confidenceSteps   ... or when the [0,1] confidence crosses one of this many equal steps (default 10)
 * @param podIdleTimeout    drop a pod's state after this long without samples, in sample time (default PT1H)
 * @param cacheEntriesPerTask decoded states kept in memory per stream task (default 1000)
 * @param expiryScanInterval how often (in sample time) states without samples for a memory window are removed (default PT1H)
 */
public record RightsizingConfig(String strategy, Vpa vpa, Percentile percentile, Balanced balanced,
                                Double minChangeFraction, Integer confidenceSteps, Duration podIdleTimeout,
                                Integer cacheEntriesPerTask, Duration expiryScanInterval) {

    public static final Set<String> STRATEGIES = Set.of("vpa", "percentile", "default");
    public static final RightsizingConfig DEFAULTS = new RightsizingConfig(null, null, null, null, null, null, null,
            null, null);

    public RightsizingConfig {
        strategy = strategy == null || strategy.isBlank() ? "default" : strategy.trim().toLowerCase(Locale.ROOT);
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("rightsizing.strategy must be one of vpa, percentile, default; was '"
                    + strategy + "'");
        }
        vpa = vpa == null ? Vpa.DEFAULTS : vpa;
        percentile = percentile == null ? Percentile.DEFAULTS : percentile;
        balanced = balanced == null ? Balanced.DEFAULTS : balanced;
        minChangeFraction = minChangeFraction == null ? 0.05 : fraction(minChangeFraction, "minChangeFraction");
        confidenceSteps = confidenceSteps == null ? 10 : atLeast(confidenceSteps, 1, "confidenceSteps");
        podIdleTimeout = positive(podIdleTimeout, Duration.ofHours(1), "podIdleTimeout");
        cacheEntriesPerTask = cacheEntriesPerTask == null ? 1000 : atLeast(cacheEntriesPerTask, 0, "cacheEntriesPerTask");
        expiryScanInterval = positive(expiryScanInterval, Duration.ofHours(1), "expiryScanInterval");
    }

    public RightsizingConfig withStrategy(String name) {
        return new RightsizingConfig(name, vpa, percentile, balanced, minChangeFraction, confidenceSteps, podIdleTimeout,
                cacheEntriesPerTask, expiryScanInterval);
    }

    /** The aggregation settings shared by all strategies (they read the same state). */
    public AggregationsConfig aggregations() {
        return AggregationsConfig.of(vpa.memoryAggregationInterval(), vpa.memoryAggregationIntervalCount(),
                vpa.memoryHistogramDecayHalfLife(), vpa.cpuHistogramDecayHalfLife(), vpa.oomBumpUpRatio(),
                vpa.oomMinBumpUpBytes());
    }

    /** How many days of daily peaks the state keeps: enough for every strategy's window. */
    public int dailyPeakDays() {
        return Math.max(percentile.historyDays(), balanced.memoryWindowDays());
    }

    /**
     * The VPA recommender's flags that shape recommendations, under VPA's names in camelCase (e.g.
     * {@code --recommendation-margin-fraction} is {@code recommendationMarginFraction}), with VPA's defaults.
     * The maximum-allowed caps are VPA's {@code --container-recommendation-max-allowed-cpu/memory} (default none).
     */
    public record Vpa(Double recommendationMarginFraction, Double podRecommendationMinCpuMillicores,
                      Double podRecommendationMinMemoryMb, Double targetCpuPercentile,
                      Double recommendationLowerBoundCpuPercentile, Double recommendationUpperBoundCpuPercentile,
                      Duration confidenceIntervalCpu, Double targetMemoryPercentile,
                      Double recommendationLowerBoundMemoryPercentile, Double recommendationUpperBoundMemoryPercentile,
                      Duration confidenceIntervalMemory, Integer roundCpuMillicores, Long roundMemoryBytes,
                      Duration memoryAggregationInterval, Long memoryAggregationIntervalCount,
                      Duration memoryHistogramDecayHalfLife, Duration cpuHistogramDecayHalfLife, Double oomBumpUpRatio,
                      Double oomMinBumpUpBytes, Double containerRecommendationMaxAllowedCpu,
                      Long containerRecommendationMaxAllowedMemory) {

        public static final Vpa DEFAULTS = new Vpa(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);

        public Vpa {
            recommendationMarginFraction = orDefault(recommendationMarginFraction, 0.15);
            podRecommendationMinCpuMillicores = orDefault(podRecommendationMinCpuMillicores, 25.0);
            podRecommendationMinMemoryMb = orDefault(podRecommendationMinMemoryMb, 250.0);
            targetCpuPercentile = fraction(orDefault(targetCpuPercentile, 0.9), "vpa.targetCpuPercentile");
            recommendationLowerBoundCpuPercentile = fraction(orDefault(recommendationLowerBoundCpuPercentile, 0.5),
                    "vpa.recommendationLowerBoundCpuPercentile");
            recommendationUpperBoundCpuPercentile = fraction(orDefault(recommendationUpperBoundCpuPercentile, 0.95),
                    "vpa.recommendationUpperBoundCpuPercentile");
            confidenceIntervalCpu = positive(confidenceIntervalCpu, Duration.ofHours(24), "vpa.confidenceIntervalCpu");
            targetMemoryPercentile = fraction(orDefault(targetMemoryPercentile, 0.9), "vpa.targetMemoryPercentile");
            recommendationLowerBoundMemoryPercentile = fraction(orDefault(recommendationLowerBoundMemoryPercentile, 0.5),
                    "vpa.recommendationLowerBoundMemoryPercentile");
            recommendationUpperBoundMemoryPercentile = fraction(orDefault(recommendationUpperBoundMemoryPercentile, 0.95),
                    "vpa.recommendationUpperBoundMemoryPercentile");
            confidenceIntervalMemory = positive(confidenceIntervalMemory, Duration.ofHours(24), "vpa.confidenceIntervalMemory");
            roundCpuMillicores = atLeast(roundCpuMillicores == null ? 1 : roundCpuMillicores, 1, "vpa.roundCpuMillicores");
            roundMemoryBytes = roundMemoryBytes == null ? 1L : roundMemoryBytes;
            if (roundMemoryBytes < 1) {
                throw new IllegalArgumentException("vpa.roundMemoryBytes must be >= 1, was " + roundMemoryBytes);
            }
            memoryAggregationInterval = positive(memoryAggregationInterval,
                    AggregationsConfig.DEFAULT_MEMORY_AGGREGATION_INTERVAL, "vpa.memoryAggregationInterval");
            memoryAggregationIntervalCount = memoryAggregationIntervalCount == null
                    ? AggregationsConfig.DEFAULT_MEMORY_AGGREGATION_INTERVAL_COUNT : memoryAggregationIntervalCount;
            if (memoryAggregationIntervalCount < 1) {
                throw new IllegalArgumentException("vpa.memoryAggregationIntervalCount must be >= 1");
            }
            memoryHistogramDecayHalfLife = positive(memoryHistogramDecayHalfLife,
                    AggregationsConfig.DEFAULT_MEMORY_HISTOGRAM_DECAY_HALF_LIFE, "vpa.memoryHistogramDecayHalfLife");
            cpuHistogramDecayHalfLife = positive(cpuHistogramDecayHalfLife,
                    AggregationsConfig.DEFAULT_CPU_HISTOGRAM_DECAY_HALF_LIFE, "vpa.cpuHistogramDecayHalfLife");
            oomBumpUpRatio = orDefault(oomBumpUpRatio, AggregationsConfig.DEFAULT_OOM_BUMP_UP_RATIO);
            oomMinBumpUpBytes = orDefault(oomMinBumpUpBytes, AggregationsConfig.DEFAULT_OOM_MIN_BUMP_UP_BYTES);
            nonNegative(recommendationMarginFraction, "vpa.recommendationMarginFraction");
            nonNegative(podRecommendationMinCpuMillicores, "vpa.podRecommendationMinCpuMillicores");
            nonNegative(podRecommendationMinMemoryMb, "vpa.podRecommendationMinMemoryMb");
            if (oomBumpUpRatio < 1) {
                throw new IllegalArgumentException("vpa.oomBumpUpRatio must be >= 1, was " + oomBumpUpRatio);
            }
            nonNegative(oomMinBumpUpBytes, "vpa.oomMinBumpUpBytes");
            if (containerRecommendationMaxAllowedCpu != null) {
                nonNegative(containerRecommendationMaxAllowedCpu, "vpa.containerRecommendationMaxAllowedCpu");
            }
            if (containerRecommendationMaxAllowedMemory != null && containerRecommendationMaxAllowedMemory < 0) {
                throw new IllegalArgumentException("vpa.containerRecommendationMaxAllowedMemory must be >= 0");
            }
        }

        public PodResourceRecommender.Config recommenderConfig() {
            return new PodResourceRecommender.Config(recommendationMarginFraction, podRecommendationMinCpuMillicores,
                    podRecommendationMinMemoryMb, targetCpuPercentile, recommendationLowerBoundCpuPercentile,
                    recommendationUpperBoundCpuPercentile, confidenceIntervalCpu, targetMemoryPercentile,
                    recommendationLowerBoundMemoryPercentile, recommendationUpperBoundMemoryPercentile,
                    confidenceIntervalMemory);
        }
    }

    /**
     * Robusta KRR's "simple" strategy: CPU at a percentile of usage, memory at the peak plus a buffer, nothing
     * before {@code pointsRequired} samples, and no CPU proposal while an HPA scales on CPU unless
     * {@code allowHpa}.
     */
    public record Percentile(Double cpuPercentile, Double memoryBufferFraction, Integer pointsRequired, Boolean allowHpa,
                             Integer historyDays) {

        public static final Percentile DEFAULTS = new Percentile(null, null, null, null, null);

        public Percentile {
            cpuPercentile = fraction(orDefault(cpuPercentile, 0.95), "percentile.cpuPercentile");
            memoryBufferFraction = nonNegative(orDefault(memoryBufferFraction, 0.15), "percentile.memoryBufferFraction");
            pointsRequired = atLeast(pointsRequired == null ? 100 : pointsRequired, 1, "percentile.pointsRequired");
            allowHpa = allowHpa != null && allowHpa;
            historyDays = atLeast(historyDays == null ? 14 : historyDays, 1, "percentile.historyDays");
        }
    }

    /**
     * The {@code default} strategy (see docs/rightsizing.md for how it was chosen and measured).
     *
     * @param cpuPercentile       percentile of the decaying CPU histogram (default 0.95)
     * @param cpuMarginFraction   added to the CPU percentile (default 0.10)
     * @param memoryWindowDays    memory covers the highest daily peak of this many days (default 7)
     * @param memoryMarginFraction added to the memory peak (default 0.10)
     * @param leakHorizon         a steadily growing daily peak is projected this far ahead (default P1D)
     * @param podMinimums         apply VPA's pod minimums (25 millicores, 250 MiB split across containers) (default false)
     */
    public record Balanced(Double cpuPercentile, Double cpuMarginFraction, Integer memoryWindowDays,
                           Double memoryMarginFraction, Duration leakHorizon, Boolean podMinimums) {

        public static final Balanced DEFAULTS = new Balanced(null, null, null, null, null, null);

        public Balanced {
            cpuPercentile = fraction(orDefault(cpuPercentile, 0.95), "balanced.cpuPercentile");
            cpuMarginFraction = nonNegative(orDefault(cpuMarginFraction, 0.10), "balanced.cpuMarginFraction");
            memoryWindowDays = atLeast(memoryWindowDays == null ? 7 : memoryWindowDays, 1, "balanced.memoryWindowDays");
            memoryMarginFraction = nonNegative(orDefault(memoryMarginFraction, 0.10), "balanced.memoryMarginFraction");
            leakHorizon = leakHorizon == null ? Duration.ofDays(1) : leakHorizon;
            if (leakHorizon.isNegative()) {
                throw new IllegalArgumentException("balanced.leakHorizon must not be negative");
            }
            podMinimums = podMinimums != null && podMinimums;
        }
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
