package io.reclaimer.streams.idle;

import java.time.Instant;
import java.util.Arrays;

/**
 * A namespace's total CPU per clock hour, as a compact array from {@code firstHour} (epoch hours);
 * {@code -1} marks hours without data. Contributions of the namespace's containers add up as they arrive,
 * in any order.
 */
record HourSeries(long firstHour, double[] cpuCores) {

    public static final HourSeries EMPTY = new HourSeries(0, new double[0]);
    static final double NO_DATA = -1;

    HourSeries {
        cpuCores = cpuCores == null ? new double[0] : cpuCores;
    }

    public boolean isEmpty() {
        return cpuCores.length == 0;
    }

    public long lastHour() {
        return firstHour + cpuCores.length - 1;
    }

    /** CPU of an hour, or {@link #NO_DATA}. */
    public double at(long hour) {
        long i = hour - firstHour;
        return i < 0 || i >= cpuCores.length ? NO_DATA : cpuCores[(int) i];
    }

    /** Adds one container's average CPU for one hour; hours older than the retention are ignored. */
    public HourSeries add(long hour, double cores, int retentionHours) {
        if (isEmpty()) {
            return new HourSeries(hour, new double[] {cores});
        }
        if (hour < lastHour() - retentionHours) {
            return this;
        }
        long first = Math.min(firstHour, hour);
        long last = Math.max(lastHour(), hour);
        double[] values = new double[(int) (last - first + 1)];
        Arrays.fill(values, NO_DATA);
        System.arraycopy(cpuCores, 0, values, (int) (firstHour - first), cpuCores.length);
        int i = (int) (hour - first);
        values[i] = values[i] == NO_DATA ? cores : values[i] + cores;
        return new HourSeries(first, values).prune(retentionHours);
    }

    private HourSeries prune(int retentionHours) {
        long keepFrom = lastHour() - retentionHours + 1;
        if (keepFrom <= firstHour) {
            return this;
        }
        return new HourSeries(keepFrom, Arrays.copyOfRange(cpuCores, (int) (keepFrom - firstHour), cpuCores.length));
    }

    public static long hourOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 3600);
    }

    public static Instant instantOf(long hour) {
        return Instant.ofEpochSecond(hour * 3600);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HourSeries other && firstHour == other.firstHour && Arrays.equals(cpuCores, other.cpuCores);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(firstHour) * 31 + Arrays.hashCode(cpuCores);
    }

    @Override
    public String toString() {
        return "HourSeries[" + instantOf(firstHour) + " +" + cpuCores.length + "h]";
    }
}
