package io.reclaimer.streams.rightsizing.state;

/**
 * Where a pod container's samples go: VPA's {@code ContainerStateAggregator}. CPU samples go straight into
 * the CPU histogram; memory arrives as one peak per aggregation interval, replaced (subtract, add) when the
 * interval's peak grows.
 */
interface ContainerStateAggregator {

    /**
     * {@code requestMillicores}: the container's CPU request when the sample was taken (0 when unknown); VPA
     * weighs each CPU sample by it (at least {@link AggregationsConfig#MIN_SAMPLE_WEIGHT}), so that raising a
     * request makes the history gathered under the old one count less.
     */
    void addCpuSample(long millicores, long requestMillicores, long measureStartMillis);

    void addMemoryPeak(long bytes, long measureStartMillis);

    void subtractMemoryPeak(long bytes, long measureStartMillis);

    double oomBumpUpRatio();

    double oomMinBumpUpBytes();

    long memoryAggregationIntervalMillis();
}
