package io.reclaimer.streams.rightsizing.state;

/**
 * Where a pod container's samples go: VPA's {@code ContainerStateAggregator}. CPU samples go straight into
 * the CPU histogram; memory arrives as one peak per aggregation interval, replaced (subtract, add) when the
 * interval's peak grows.
 */
public interface ContainerStateAggregator {

    void addCpuSample(long millicores, long measureStartMillis);

    void addMemoryPeak(long bytes, long measureStartMillis);

    void subtractMemoryPeak(long bytes, long measureStartMillis);

    double oomBumpUpRatio();

    double oomMinBumpUpBytes();

    long memoryAggregationIntervalMillis();
}
