package io.reclaimer.streams.rightsizing.state;

/**
 * One container of one pod: what it needs to deduplicate CPU samples and to keep exactly one memory peak per
 * aggregation interval in the aggregate's memory histogram. A faithful port of VPA's
 * {@code model/container.go} ({@code ContainerState}), including the OOM handling: an OOM kill becomes an
 * artificial memory sample of {@code max(used + oomMinBumpUp, used × oomBumpUpRatio)} where {@code used}
 * is the larger of the memory request at the kill and the interval's usage peak.
 */
public final class ContainerState {

    private static final long NO_TIME = AggregateContainerState.NO_TIME;

    private final ContainerStateAggregator aggregator;
    long lastCpuSampleStart = NO_TIME;
    long memoryPeak;
    long oomPeak;
    long windowEnd = NO_TIME;
    long lastMemorySampleStart = NO_TIME;

    public ContainerState(ContainerStateAggregator aggregator) {
        this.aggregator = aggregator;
    }

    /** Restores a state read back from the store. */
    public ContainerState(ContainerStateAggregator aggregator, long lastCpuSampleStart, long memoryPeak, long oomPeak,
                          long windowEnd, long lastMemorySampleStart) {
        this.aggregator = aggregator;
        this.lastCpuSampleStart = lastCpuSampleStart;
        this.memoryPeak = memoryPeak;
        this.oomPeak = oomPeak;
        this.windowEnd = windowEnd;
        this.lastMemorySampleStart = lastMemorySampleStart;
    }

    /**
     * Adds a CPU sample in millicores; false (discarded) when negative, a duplicate or out of order. Samples
     * of one resource must come in chronological order.
     */
    public boolean addCpuSample(long millicores, long measureStartMillis) {
        return addCpuSample(millicores, 0, measureStartMillis);
    }

    /** As {@link #addCpuSample(long, long)}, weighted by the CPU request in force (0: unknown) as VPA does. */
    public boolean addCpuSample(long millicores, long requestMillicores, long measureStartMillis) {
        if (millicores < 0 || measureStartMillis <= lastCpuSampleStart) {
            return false;
        }
        aggregator.addCpuSample(millicores, requestMillicores, measureStartMillis);
        lastCpuSampleStart = measureStartMillis;
        return true;
    }

    /** Adds a memory usage sample in bytes; false (discarded) when negative or older than the last one. */
    public boolean addMemorySample(long bytes, long measureStartMillis) {
        return addMemorySample(bytes, measureStartMillis, false);
    }

    private boolean addMemorySample(long bytes, long ts, boolean isOom) {
        // OOM samples are always processed
        if (bytes < 0 || (!isOom && ts < lastMemorySampleStart)) {
            return false;
        }
        lastMemorySampleStart = ts;
        if (windowEnd == NO_TIME) {
            windowEnd = ts;
        }
        // one peak per interval: a larger sample inside the interval replaces the interval's peak
        boolean addNewPeak = false;
        if (ts < windowEnd) {
            long oldMaxMem = maxMemoryPeak();
            if (oldMaxMem != 0 && bytes > oldMaxMem) {
                aggregator.subtractMemoryPeak(oldMaxMem, windowEnd);
                addNewPeak = true;
            }
        } else {
            long interval = aggregator.memoryAggregationIntervalMillis();
            long shift = (ts - windowEnd) / interval * interval + interval;
            windowEnd += shift;
            memoryPeak = 0;
            oomPeak = 0;
            addNewPeak = true;
        }
        if (addNewPeak) {
            aggregator.addMemoryPeak(bytes, windowEnd);
            if (isOom) {
                oomPeak = bytes;
            } else {
                memoryPeak = bytes;
            }
        }
        return true;
    }

    /**
     * A memory sample older than the newest one (late delivery): VPA discards it; here it still raises the peak of
     * the pod's current interval when it falls inside that interval, with the same subtract/add as an in-order
     * sample. A maximum, so a re-delivered duplicate changes nothing. Not part of VPA's model: only
     * {@link RightsizingState} calls it, for samples {@link #addMemorySample} refused as out of order.
     */
    boolean addLateMemorySample(long bytes, long measureStartMillis) {
        long interval = aggregator.memoryAggregationIntervalMillis();
        if (windowEnd == NO_TIME || measureStartMillis < windowEnd - interval || measureStartMillis >= windowEnd) {
            return false;
        }
        long oldMaxMem = maxMemoryPeak();
        if (oldMaxMem == 0 || bytes <= oldMaxMem) {
            return false;
        }
        aggregator.subtractMemoryPeak(oldMaxMem, windowEnd);
        aggregator.addMemoryPeak(bytes, windowEnd);
        memoryPeak = bytes;
        return true;
    }

    /**
     * Records an OOM kill as an artificial memory sample; false when it is too old to matter (more than one
     * aggregation interval before the latest memory sample, kubernetes/autoscaler#8548).
     */
    public boolean recordOom(long timestampMillis, long requestedMemoryBytes) {
        if (lastMemorySampleStart != NO_TIME
                && timestampMillis < lastMemorySampleStart - aggregator.memoryAggregationIntervalMillis()) {
            return false;
        }
        // the oom peak is left out on purpose: repeated OOMs must not make the recommendation run away
        long memoryUsed = Math.max(requestedMemoryBytes, memoryPeak);
        long memoryNeeded = Math.max(memoryUsed + ResourceAmounts.memoryAmountFromBytes(aggregator.oomMinBumpUpBytes()),
                ResourceAmounts.scale(memoryUsed, aggregator.oomBumpUpRatio()));
        return addMemorySample(memoryNeeded, timestampMillis, true);
    }

    /** The interval's peak, possibly estimated from an OOM kill. */
    public long maxMemoryPeak() {
        return Math.max(memoryPeak, oomPeak);
    }

    public long lastCpuSampleStart() {
        return lastCpuSampleStart;
    }

    public long memoryPeak() {
        return memoryPeak;
    }

    public long oomPeak() {
        return oomPeak;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public long lastMemorySampleStart() {
        return lastMemorySampleStart;
    }

    /** The newest sample of either resource. */
    public long lastSeen() {
        return Math.max(lastCpuSampleStart, lastMemorySampleStart);
    }
}
