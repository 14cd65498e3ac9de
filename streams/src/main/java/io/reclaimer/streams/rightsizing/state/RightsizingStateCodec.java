package io.reclaimer.streams.rightsizing.state;

import io.reclaimer.streams.rightsizing.histogram.BinaryReader;
import io.reclaimer.streams.rightsizing.histogram.BinaryWriter;
import io.reclaimer.streams.rightsizing.histogram.DecayingHistogram;
import io.reclaimer.streams.rightsizing.histogram.HistogramCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The compact binary form of a {@link RightsizingState}: exact (a state read back is bit-for-bit the one
 * written) and sparse (only non-empty histogram buckets, times as varint deltas from the newest sample, pods
 * as a name hash). Layout, version 1:
 * <pre>
 *   byte    version (1)
 *   int     fingerprint of the aggregation settings (a mismatch means the settings changed: start afresh)
 *   long    newest sample time (fixed 8 bytes at offset 5, so expiry scans can read it without decoding)
 *   varlong sample count, [varlong newest − first sample]
 *   histogram CPU, histogram memory peaks          (see HistogramCodec)
 *   varint  pods; each: int pod hash, byte presence, zigzag deltas of last CPU / window end / last memory,
 *           varlong memory peak, varlong OOM peak
 *   varint  days, zigzag newest day, per day varlong CPU peak and memory peak
 *   byte    fact flags, [double CPU request], [varlong memory request], varint replicas, [2 doubles prices],
 *           varint containers in pod
 *   byte    OOM present, [zigzag delta, varlong bytes]
 *   byte    emitted flags, [varlong CPU target, varlong memory target, byte confidence step]
 * </pre>
 */
public final class RightsizingStateCodec {

    public static final int VERSION = 1;
    /** Where the newest sample time sits in every encoded state. */
    public static final int NEWEST_SAMPLE_OFFSET = 5;
    private static final long NO_TIME = AggregateContainerState.NO_TIME;

    private final AggregationsConfig config;
    private final int dailyPeakDays;
    private final int fingerprint;
    // encoding reuses one buffer: a codec encodes for one stream task (thread) at a time
    private final BinaryWriter out = new BinaryWriter(1024);

    public RightsizingStateCodec(AggregationsConfig config, int dailyPeakDays) {
        this.config = config;
        this.dailyPeakDays = dailyPeakDays;
        this.fingerprint = Objects.hash(config.cpuHistogramOptions(), config.memoryHistogramOptions(),
                config.cpuHistogramDecayHalfLife(), config.memoryHistogramDecayHalfLife(),
                config.memoryAggregationInterval());
    }

    /** A codec of the same settings with its own encoding buffer, for another thread. */
    public RightsizingStateCodec copy() {
        return new RightsizingStateCodec(config, dailyPeakDays);
    }

    public RightsizingState newState() {
        return new RightsizingState(config, dailyPeakDays);
    }

    /** Not thread-safe: one codec per task (decoding is thread-safe). */
    public byte[] encode(RightsizingState state) {
        out.reset();
        AggregateContainerState aggregate = state.aggregate();
        long count = aggregate.totalSamplesCount();
        long base = count > 0 ? aggregate.lastSampleStart() : 0;
        out.writeByte(VERSION).writeInt(fingerprint).writeLong(count > 0 ? aggregate.lastSampleStart() : NO_TIME);
        out.writeVarLong(count);
        if (count > 0) {
            out.writeVarLong(aggregate.lastSampleStart() - aggregate.firstSampleStart());
        }
        HistogramCodec.write(aggregate.cpuUsage(), out);
        HistogramCodec.write(aggregate.memoryPeaks(), out);

        out.writeVarInt(state.pods().size());
        for (RightsizingState.PodEntry pod : state.pods()) {
            ContainerState c = pod.state();
            int presence = (c.lastCpuSampleStart != NO_TIME ? 1 : 0) | (c.windowEnd != NO_TIME ? 2 : 0)
                    | (c.lastMemorySampleStart != NO_TIME ? 4 : 0);
            out.writeInt(pod.podHash()).writeByte(presence);
            if (c.lastCpuSampleStart != NO_TIME) {
                out.writeSignedVarLong(c.lastCpuSampleStart - base);
            }
            if (c.windowEnd != NO_TIME) {
                out.writeSignedVarLong(c.windowEnd - base);
            }
            if (c.lastMemorySampleStart != NO_TIME) {
                out.writeSignedVarLong(c.lastMemorySampleStart - base);
            }
            out.writeVarLong(c.memoryPeak).writeVarLong(c.oomPeak);
        }

        DailyPeaks daily = state.dailyPeaks();
        out.writeVarInt(daily.days()).writeSignedVarLong(daily.newestDay());
        if (daily.newestDay() != Long.MIN_VALUE) {
            for (int i = 0; i < daily.days(); i++) {
                out.writeVarLong(daily.cpuArray()[i]).writeVarLong(daily.memoryArray()[i]);
            }
        }

        WorkloadFacts facts = state.facts();
        int factFlags = (facts.cpuRequestCores() != null ? 1 : 0) | (facts.memoryRequestBytes() != null ? 2 : 0)
                | (facts.pricesKnown() ? 4 : 0) | (facts.hpaScalesOnCpu() ? 8 : 0) | (facts.hpaScalesOnMemory() ? 16 : 0);
        out.writeByte(factFlags);
        if (facts.cpuRequestCores() != null) {
            out.writeDouble(facts.cpuRequestCores());
        }
        if (facts.memoryRequestBytes() != null) {
            out.writeVarLong(facts.memoryRequestBytes());
        }
        out.writeVarInt(facts.replicas());
        if (facts.pricesKnown()) {
            out.writeDouble(facts.cpuUsdPerCoreHour()).writeDouble(facts.memoryUsdPerGibHour());
        }
        out.writeVarInt(facts.containersInPod());

        if (state.lastOomAt() != NO_TIME) {
            out.writeByte(1).writeSignedVarLong(state.lastOomAt() - base).writeVarLong(state.rawOomMemoryBytes());
        } else {
            out.writeByte(0);
        }

        RightsizingState.Emitted emitted = state.emitted();
        if (emitted.any()) {
            out.writeByte(1 | (emitted.flags() << 1)).writeVarLong(emitted.cpuTargetMillicores())
                    .writeVarLong(emitted.memoryTargetBytes()).writeByte(emitted.confidenceStep());
        } else {
            out.writeByte(0);
        }
        return out.toByteArray();
    }

    /** Reads a state; one written with other aggregation settings comes back empty (the histograms would lie). */
    public RightsizingState decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown rightsizing state version " + version);
        }
        if (in.readInt() != fingerprint) {
            return newState();
        }
        long newest = in.readLong();
        long count = in.readVarLong();
        long first = count > 0 ? newest - in.readVarLong() : NO_TIME;
        long base = count > 0 ? newest : 0;
        DecayingHistogram cpu = HistogramCodec.read(in, config.cpuHistogramOptions(),
                config.cpuHistogramDecayHalfLife().toMillis());
        DecayingHistogram memory = HistogramCodec.read(in, config.memoryHistogramOptions(),
                config.memoryHistogramDecayHalfLife().toMillis());
        AggregateContainerState aggregate = new AggregateContainerState(config, cpu, memory);
        aggregate.restoreCounters(first, count > 0 ? newest : NO_TIME, count);

        int podCount = in.readVarInt();
        List<RightsizingState.PodEntry> pods = new ArrayList<>(Math.max(2, podCount));
        for (int i = 0; i < podCount; i++) {
            int hash = in.readInt();
            int presence = in.readByte();
            long lastCpu = (presence & 1) != 0 ? base + in.readSignedVarLong() : NO_TIME;
            long windowEnd = (presence & 2) != 0 ? base + in.readSignedVarLong() : NO_TIME;
            long lastMemory = (presence & 4) != 0 ? base + in.readSignedVarLong() : NO_TIME;
            long memoryPeak = in.readVarLong();
            long oomPeak = in.readVarLong();
            pods.add(new RightsizingState.PodEntry(hash,
                    new ContainerState(aggregate, lastCpu, memoryPeak, oomPeak, windowEnd, lastMemory)));
        }

        int days = in.readVarInt();
        DailyPeaks daily = new DailyPeaks(days);
        long newestDay = in.readSignedVarLong();
        if (newestDay != Long.MIN_VALUE) {
            long[] cpuPeaks = new long[days];
            long[] memoryPeaks = new long[days];
            for (int i = 0; i < days; i++) {
                cpuPeaks[i] = in.readVarLong();
                memoryPeaks[i] = in.readVarLong();
            }
            daily.restore(newestDay, cpuPeaks, memoryPeaks);
        }
        RightsizingState state = new RightsizingState(aggregate, pods, daily);

        int factFlags = in.readByte();
        Double cpuRequest = (factFlags & 1) != 0 ? in.readDouble() : null;
        Long memoryRequest = (factFlags & 2) != 0 ? in.readVarLong() : null;
        int replicas = in.readVarInt();
        Double cpuPrice = null;
        Double memoryPrice = null;
        if ((factFlags & 4) != 0) {
            cpuPrice = in.readDouble();
            memoryPrice = in.readDouble();
        }
        int containersInPod = in.readVarInt();
        state.facts(new WorkloadFacts(cpuRequest, memoryRequest, replicas, cpuPrice, memoryPrice,
                (factFlags & 8) != 0, (factFlags & 16) != 0, containersInPod));

        if (in.readByte() == 1) {
            long at = base + in.readSignedVarLong();
            state.restoreOom(at, in.readVarLong());
        }
        int emittedFlags = in.readByte();
        if ((emittedFlags & 1) != 0) {
            state.emitted(new RightsizingState.Emitted(true, in.readVarLong(), in.readVarLong(), in.readByte(),
                    emittedFlags >>> 1));
        }
        return state;
    }

    /** The newest sample time of an encoded state without decoding it, or {@link Long#MIN_VALUE}. */
    public static long newestSampleMillis(byte[] encoded) {
        if (encoded == null || encoded.length < NEWEST_SAMPLE_OFFSET + 8) {
            return Long.MIN_VALUE;
        }
        return new BinaryReader(encoded, NEWEST_SAMPLE_OFFSET).readLong();
    }
}
