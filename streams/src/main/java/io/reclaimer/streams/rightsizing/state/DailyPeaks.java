package io.reclaimer.streams.rightsizing.state;

import java.util.Arrays;

/**
 * The highest CPU (millicores) and memory (bytes, kept rounded up to whole MiB so that the state stays small)
 * seen on each of the last N UTC days, across the
 * container's pods: a flat, windowed view of the history next to VPA's decaying histograms. The
 * {@code percentile} strategy takes its memory maximum from it (Robusta KRR's "max over the history
 * window") and the {@code default} strategy its recent peaks and their trend. Days without data hold 0.
 */
public final class DailyPeaks {

    public static final long DAY_MILLIS = 86_400_000L;
    private static final long MIB = 1L << 20;
    private static final long NO_DAY = Long.MIN_VALUE;

    private final long[] cpuMillicores;
    private final long[] memoryMib;
    private long newestDay = NO_DAY;

    public DailyPeaks(int days) {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be within [1, 366], was " + days);
        }
        cpuMillicores = new long[days];
        memoryMib = new long[days];
    }

    public int days() {
        return cpuMillicores.length;
    }

    /** Records a sample's CPU and memory in its day; true when a peak rose (a maximum: repeating changes nothing). */
    public boolean record(long timeMillis, long cpu, long memory) {
        long day = Math.floorDiv(timeMillis, DAY_MILLIS);
        if (newestDay == NO_DAY) {
            newestDay = day;
        } else if (day > newestDay) {
            long gap = Math.min(day - newestDay, days());
            for (long d = day - gap + 1; d <= day; d++) {
                int slot = slot(d);
                cpuMillicores[slot] = 0;
                memoryMib[slot] = 0;
            }
            newestDay = day;
        } else if (day <= newestDay - days()) {
            return false; // older than the window
        }
        int slot = slot(day);
        long mib = (memory + MIB - 1) / MIB;
        boolean rose = cpu > cpuMillicores[slot] || mib > memoryMib[slot];
        cpuMillicores[slot] = Math.max(cpuMillicores[slot], cpu);
        memoryMib[slot] = Math.max(memoryMib[slot], mib);
        return rose;
    }

    private int slot(long day) {
        return (int) Math.floorMod(day, (long) days());
    }

    /** The newest day with data, in days since the epoch, or {@link Long#MIN_VALUE}. */
    public long newestDay() {
        return newestDay;
    }

    /** CPU peak of the day {@code age} days before the newest (0 = the newest day), 0 when unknown. */
    public long cpuPeak(int age) {
        return age < 0 || age >= days() || newestDay == NO_DAY ? 0 : cpuMillicores[slot(newestDay - age)];
    }

    /** Memory peak of the day {@code age} days before the newest, in bytes (whole MiB), 0 when unknown. */
    public long memoryPeak(int age) {
        return age < 0 || age >= days() || newestDay == NO_DAY ? 0 : memoryMib[slot(newestDay - age)] * MIB;
    }

    /** The largest memory peak of the last {@code lastDays} days. */
    public long maxMemory(int lastDays) {
        long max = 0;
        for (int age = 0; age < Math.min(lastDays, days()); age++) {
            max = Math.max(max, memoryPeak(age));
        }
        return max;
    }

    public long maxCpu(int lastDays) {
        long max = 0;
        for (int age = 0; age < Math.min(lastDays, days()); age++) {
            max = Math.max(max, cpuPeak(age));
        }
        return max;
    }

    void restore(long newest, long[] cpu, long[] memory) {
        newestDay = newest;
        System.arraycopy(cpu, 0, cpuMillicores, 0, days());
        System.arraycopy(memory, 0, memoryMib, 0, days());
    }

    long[] cpuArray() {
        return cpuMillicores;
    }

    /** In MiB. */
    long[] memoryArray() {
        return memoryMib;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DailyPeaks d && d.newestDay == newestDay && Arrays.equals(d.cpuMillicores, cpuMillicores)
                && Arrays.equals(d.memoryMib, memoryMib);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(newestDay) * 31 + Arrays.hashCode(memoryMib);
    }
}
