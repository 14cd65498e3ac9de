package io.reclaimer.streams.rightsizing.state;

import io.reclaimer.streams.rightsizing.histogram.HistogramOptions;
import java.time.Duration;

/**
 * How samples are aggregated: VPA's {@code model/aggregations_config.go}. CPU histograms have buckets from
 * 0.01 core growing by {@code 1 + bucketSizeGrowth} up to 1000 cores; memory histograms from 10 MB up to
 * 1 TB; epsilon is 0.001 of the minimum sample weight 0.1.
 */
public record AggregationsConfig(Duration memoryAggregationInterval, long memoryAggregationIntervalCount,
                                 Duration memoryHistogramDecayHalfLife, Duration cpuHistogramDecayHalfLife,
                                 double oomBumpUpRatio, double oomMinBumpUpBytes, double histogramBucketSizeGrowth,
                                 HistogramOptions cpuHistogramOptions, HistogramOptions memoryHistogramOptions) {

    /** VPA's {@code minSampleWeight}: the weight of a CPU sample before decay. */
    public static final double MIN_SAMPLE_WEIGHT = 0.1;
    /** VPA's {@code epsilon}: small enough that samples just inside the memory window are still kept. */
    public static final double EPSILON = 0.001 * MIN_SAMPLE_WEIGHT;
    public static final long DEFAULT_MEMORY_AGGREGATION_INTERVAL_COUNT = 8;
    public static final Duration DEFAULT_MEMORY_AGGREGATION_INTERVAL = Duration.ofHours(24);
    public static final double DEFAULT_HISTOGRAM_BUCKET_SIZE_GROWTH = 0.05;
    public static final Duration DEFAULT_MEMORY_HISTOGRAM_DECAY_HALF_LIFE = Duration.ofHours(24);
    public static final Duration DEFAULT_CPU_HISTOGRAM_DECAY_HALF_LIFE = Duration.ofHours(24);
    public static final double DEFAULT_OOM_BUMP_UP_RATIO = 1.2;
    public static final double DEFAULT_OOM_MIN_BUMP_UP_BYTES = 100 * 1024 * 1024;

    public static final AggregationsConfig DEFAULTS = of(DEFAULT_MEMORY_AGGREGATION_INTERVAL,
            DEFAULT_MEMORY_AGGREGATION_INTERVAL_COUNT, DEFAULT_MEMORY_HISTOGRAM_DECAY_HALF_LIFE,
            DEFAULT_CPU_HISTOGRAM_DECAY_HALF_LIFE, DEFAULT_OOM_BUMP_UP_RATIO, DEFAULT_OOM_MIN_BUMP_UP_BYTES);

    public static AggregationsConfig of(Duration memoryAggregationInterval, long memoryAggregationIntervalCount,
                                        Duration memoryHistogramDecayHalfLife, Duration cpuHistogramDecayHalfLife,
                                        double oomBumpUpRatio, double oomMinBumpUpBytes) {
        double growth = DEFAULT_HISTOGRAM_BUCKET_SIZE_GROWTH;
        return new AggregationsConfig(memoryAggregationInterval, memoryAggregationIntervalCount,
                memoryHistogramDecayHalfLife, cpuHistogramDecayHalfLife, oomBumpUpRatio, oomMinBumpUpBytes, growth,
                HistogramOptions.exponential(1000.0, 0.01, 1. + growth, EPSILON),
                HistogramOptions.exponential(1e12, 1e7, 1. + growth, EPSILON));
    }

    public AggregationsConfig {
        positive(memoryAggregationInterval, "memoryAggregationInterval");
        positive(memoryHistogramDecayHalfLife, "memoryHistogramDecayHalfLife");
        positive(cpuHistogramDecayHalfLife, "cpuHistogramDecayHalfLife");
        if (memoryAggregationIntervalCount < 1) {
            throw new IllegalArgumentException("memoryAggregationIntervalCount must be >= 1");
        }
        if (!(oomBumpUpRatio >= 1.0)) {
            throw new IllegalArgumentException("oomBumpUpRatio must be >= 1, was " + oomBumpUpRatio);
        }
        if (!(oomMinBumpUpBytes >= 0)) {
            throw new IllegalArgumentException("oomMinBumpUpBytes must be >= 0, was " + oomMinBumpUpBytes);
        }
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** The whole memory history VPA keeps: interval × count (8 days by default). */
    public Duration memoryAggregationWindowLength() {
        return memoryAggregationInterval.multipliedBy(memoryAggregationIntervalCount);
    }
}
