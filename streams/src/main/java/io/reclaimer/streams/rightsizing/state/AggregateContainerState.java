package io.reclaimer.streams.rightsizing.state;

import io.reclaimer.streams.rightsizing.histogram.DecayingHistogram;

/**
 * The input signals aggregated from every pod of one workload container: a decaying histogram of CPU
 * samples, a decaying histogram of memory peaks (one per pod per aggregation interval), and the first/last
 * sample time and sample count (from CPU samples only, as in VPA). A port of VPA's
 * {@code model/aggregate_container_state.go}; the estimators read it.
 */
public final class AggregateContainerState implements ContainerStateAggregator {

    /** "No time yet": before every real timestamp (VPA's zero {@code time.Time}). */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final AggregationsConfig config;
    private final DecayingHistogram cpuUsage;
    private final DecayingHistogram memoryPeaks;
    private long firstSampleStart = NO_TIME;
    private long lastSampleStart = NO_TIME;
    private long totalSamplesCount;

    public AggregateContainerState(AggregationsConfig config) {
        this(config, new DecayingHistogram(config.cpuHistogramOptions(), config.cpuHistogramDecayHalfLife().toMillis()),
                new DecayingHistogram(config.memoryHistogramOptions(), config.memoryHistogramDecayHalfLife().toMillis()));
    }

    public AggregateContainerState(AggregationsConfig config, DecayingHistogram cpuUsage, DecayingHistogram memoryPeaks) {
        this.config = config;
        this.cpuUsage = cpuUsage;
        this.memoryPeaks = memoryPeaks;
    }

    @Override
    public void addCpuSample(long millicores, long requestMillicores, long measureStartMillis) {
        cpuUsage.addSample(ResourceAmounts.coresFromCpuAmount(millicores),
                Math.max(ResourceAmounts.coresFromCpuAmount(requestMillicores), AggregationsConfig.MIN_SAMPLE_WEIGHT),
                measureStartMillis);
        if (measureStartMillis > lastSampleStart) {
            lastSampleStart = measureStartMillis;
        }
        if (firstSampleStart == NO_TIME || measureStartMillis < firstSampleStart) {
            firstSampleStart = measureStartMillis;
        }
        totalSamplesCount++;
    }

    @Override
    public void addMemoryPeak(long bytes, long measureStartMillis) {
        memoryPeaks.addSample(bytes, 1.0, measureStartMillis);
    }

    @Override
    public void subtractMemoryPeak(long bytes, long measureStartMillis) {
        memoryPeaks.subtractSample(bytes, 1.0, measureStartMillis);
    }

    @Override
    public double oomBumpUpRatio() {
        return config.oomBumpUpRatio();
    }

    @Override
    public double oomMinBumpUpBytes() {
        return config.oomMinBumpUpBytes();
    }

    @Override
    public long memoryAggregationIntervalMillis() {
        return config.memoryAggregationInterval().toMillis();
    }

    /** Adds another aggregation's samples (VPA's {@code MergeContainerState}). */
    public void merge(AggregateContainerState other) {
        cpuUsage.merge(other.cpuUsage);
        memoryPeaks.merge(other.memoryPeaks);
        if (firstSampleStart == NO_TIME || (other.firstSampleStart != NO_TIME && other.firstSampleStart < firstSampleStart)) {
            firstSampleStart = other.firstSampleStart;
        }
        if (other.lastSampleStart > lastSampleStart) {
            lastSampleStart = other.lastSampleStart;
        }
        totalSamplesCount += other.totalSamplesCount;
    }

    /** No sample for a whole memory aggregation window (8 days by default): VPA garbage-collects such states. */
    public boolean isExpired(long nowMillis) {
        return totalSamplesCount > 0 && nowMillis - lastSampleStart >= config.memoryAggregationWindowLength().toMillis();
    }

    public boolean isEmpty() {
        return totalSamplesCount == 0;
    }

    public DecayingHistogram cpuUsage() {
        return cpuUsage;
    }

    public DecayingHistogram memoryPeaks() {
        return memoryPeaks;
    }

    public long firstSampleStart() {
        return firstSampleStart;
    }

    public long lastSampleStart() {
        return lastSampleStart;
    }

    public long totalSamplesCount() {
        return totalSamplesCount;
    }

    public AggregationsConfig config() {
        return config;
    }

    /** Sets the counters read back from the store or a VPA checkpoint. */
    public void restoreCounters(long first, long last, long count) {
        this.firstSampleStart = first;
        this.lastSampleStart = last;
        this.totalSamplesCount = count;
    }
}
