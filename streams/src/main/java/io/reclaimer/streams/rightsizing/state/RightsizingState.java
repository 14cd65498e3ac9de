package io.reclaimer.streams.rightsizing.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything Reclaimer keeps about one workload container (key {@code cluster/namespace/kind/name/container}):
 * VPA's aggregate (CPU histogram, memory-peak histogram, sample counters), VPA's per-pod container states,
 * the last days' peaks, the inventory facts, the newest OOM kill and what was last emitted. The one state class
 * behind the Kafka Streams topology, the offline {@code rightsize} command and the backtest. Mutable, not
 * thread-safe; all times are sample (event) times in epoch milliseconds.
 */
public final class RightsizingState {

    private final AggregateContainerState aggregate;
    private final List<PodEntry> pods;
    private final DailyPeaks dailyPeaks;
    private WorkloadFacts facts = WorkloadFacts.UNKNOWN;
    private long lastOomAt = AggregateContainerState.NO_TIME;
    private long oomMemoryBytes;
    private Emitted emitted = Emitted.NONE;

    public RightsizingState(AggregationsConfig config, int dailyPeakDays) {
        this(new AggregateContainerState(config), new ArrayList<>(2), new DailyPeaks(dailyPeakDays));
    }

    RightsizingState(AggregateContainerState aggregate, List<PodEntry> pods, DailyPeaks dailyPeaks) {
        this.aggregate = aggregate;
        this.pods = pods;
        this.dailyPeaks = dailyPeaks;
    }

    /**
     * Adds one usage sample of one pod's container; returns whether any of it was taken in. Real exporters send three
     * kinds of sample the VPA model was not written for (docs/rightsizing.md, "Data from real exporters"):
     * <ul>
     *   <li>a memory reading of 0 (a pod or VM starting, a hypervisor's momentary "no active memory"): no running
     *       process uses no memory, so it is an unknown reading, not a measurement. Only its CPU counts. VPA's model
     *       would make it the peak of its whole 24 h interval when it comes first, since a zero peak is never
     *       replaced;</li>
     *   <li>a sample older than the pod's newest (late delivery, a collector catching up): VPA discards it, and so
     *       do the CPU histogram and the sample count here, because a re-delivered duplicate looks the same. Its
     *       peaks are not lost: they raise the daily peaks of its day and, within the pod's current memory interval,
     *       that interval's peak. Both are maxima, so a duplicate changes nothing;</li>
     *   <li>gaps need nothing: the days of a gap hold no peak (unknown, not idle), the histograms decay by sample
     *       time, and the next sample opens the memory interval it falls into.</li>
     * </ul>
     * Pod states idle longer than {@code podIdleTimeout} (in sample time) are dropped: VPA drops them when the pod
     * is deleted, which a usage stream cannot see.
     */
    public boolean addSample(String pod, long timeMillis, double cpuCores, long memoryBytes, Duration podIdleTimeout) {
        long millicores = ResourceAmounts.cpuAmountFromCores(cpuCores);
        ContainerState container = pod(pod);
        // the request in force (from the inventory, or the CSV's request column) weighs the sample, as in VPA
        Double request = facts().cpuRequestCores();
        boolean cpu = container.addCpuSample(millicores, request == null ? 0 : ResourceAmounts.cpuAmountFromCores(request),
                timeMillis);
        boolean knownMemory = memoryBytes > 0;
        boolean memory = knownMemory && container.addMemorySample(memoryBytes, timeMillis);
        if (cpu || memory) {
            dailyPeaks.record(timeMillis, millicores, memoryBytes);
            dropIdlePods(Math.max(timeMillis, aggregate.lastSampleStart()) - podIdleTimeout.toMillis());
            return true;
        }
        boolean late = timeMillis < container.lastSeen();
        if (!late) {
            return false; // a duplicate of the newest sample, or a lone unknown memory reading
        }
        boolean raisedInterval = knownMemory && container.addLateMemorySample(memoryBytes, timeMillis);
        return dailyPeaks.record(timeMillis, millicores, memoryBytes) || raisedInterval;
    }

    /**
     * Records an OOM kill of a pod's container: the memory needed is bumped from the larger of
     * {@code memoryBytesAtKill} (the request, or the usage at the kill) and the interval's peak; false when
     * the kill is too old to matter.
     */
    public boolean recordOom(String pod, long timeMillis, long memoryBytesAtKill) {
        ContainerState container = pod(pod);
        if (!container.recordOom(timeMillis, memoryBytesAtKill)) {
            return false;
        }
        if (timeMillis >= lastOomAt) {
            lastOomAt = timeMillis;
        }
        oomMemoryBytes = Math.max(oomWithinWindow(timeMillis) ? oomMemoryBytes : 0, container.maxMemoryPeak());
        return true;
    }

    private boolean oomWithinWindow(long nowMillis) {
        return lastOomAt != AggregateContainerState.NO_TIME
                && nowMillis - lastOomAt < aggregate.config().memoryAggregationWindowLength().toMillis();
    }

    /** The memory an OOM kill within the memory window showed to be needed, 0 without one. */
    public long oomMemoryBytes(long nowMillis) {
        return oomWithinWindow(nowMillis) ? oomMemoryBytes : 0;
    }

    private ContainerState pod(String pod) {
        int hash = pod.hashCode();
        for (int i = 0; i < pods.size(); i++) {
            PodEntry entry = pods.get(i);
            if (entry.podHash == hash) {
                return entry.state;
            }
        }
        ContainerState state = new ContainerState(aggregate);
        pods.add(new PodEntry(hash, state));
        return state;
    }

    private void dropIdlePods(long idleBefore) {
        for (int i = pods.size() - 1; i >= 0 && pods.size() > 1; i--) {
            if (pods.get(i).state.lastSeen() < idleBefore) {
                pods.remove(i);
            }
        }
    }

    public AggregateContainerState aggregate() {
        return aggregate;
    }

    public DailyPeaks dailyPeaks() {
        return dailyPeaks;
    }

    public List<PodEntry> pods() {
        return pods;
    }

    public WorkloadFacts facts() {
        return facts;
    }

    public void facts(WorkloadFacts facts) {
        this.facts = facts == null ? WorkloadFacts.UNKNOWN : facts;
    }

    public long lastOomAt() {
        return lastOomAt;
    }

    public Emitted emitted() {
        return emitted;
    }

    public void emitted(Emitted emitted) {
        this.emitted = emitted;
    }

    /** The newest sample or OOM time seen, or {@link AggregateContainerState#NO_TIME}. */
    public long newestTime() {
        return Math.max(aggregate.lastSampleStart(), lastOomAt);
    }

    void restoreOom(long at, long bytes) {
        lastOomAt = at;
        oomMemoryBytes = bytes;
    }

    long rawOomMemoryBytes() {
        return oomMemoryBytes;
    }

    /** One pod's container, identified by the hash of the pod name (4 bytes instead of the name). */
    public record PodEntry(int podHash, ContainerState state) {
    }

    /**
     * What was last emitted for this container, to emit again only on a material change: the targets, the
     * confidence step and the flags. {@code NONE} before the first emission.
     */
    public record Emitted(boolean any, long cpuTargetMillicores, long memoryTargetBytes, int confidenceStep, int flags) {
        public static final Emitted NONE = new Emitted(false, 0, 0, 0, 0);
    }
}
