package io.reclaimer.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * What the process spent over a window, from a start mark: CPU of the whole process (the embedded broker and the
 * benchmark's own producers included), CPU of the stream threads, and the garbage collections. CPU per record depends
 * less on what else a shared machine runs than a rate does, and cores used tell whether the window was saturated.
 */
final class CpuMeter {

    private final long wallBegin = System.nanoTime();
    private final long processBegin = processCpuNanos();
    private final long streamBegin = streamThreadsCpuNanos();
    private final long gcCountBegin = gcCount();
    private final long gcMillisBegin = gcMillis();

    /** A window starting now. */
    static CpuMeter start() {
        return new CpuMeter();
    }

    /** The window so far. */
    Window stop() {
        return new Window((System.nanoTime() - wallBegin) / 1e9, (processCpuNanos() - processBegin) / 1e9,
                (streamThreadsCpuNanos() - streamBegin) / 1e9, gcCount() - gcCountBegin, gcMillis() - gcMillisBegin);
    }

    /** Seconds of wall clock and of CPU; collections and their accumulated time (pauses and concurrent phases). */
    record Window(double wallSeconds, double processCpuSeconds, double streamCpuSeconds, long collections,
                  long collectionMillis) {

        double processMicrosPer(long records) {
            return records == 0 ? 0 : processCpuSeconds * 1e6 / records;
        }

        double streamMicrosPer(long records) {
            return records == 0 ? 0 : streamCpuSeconds * 1e6 / records;
        }

        /** For people: cores used by the process and the stream threads, and the collections. */
        String cores() {
            return String.format(Locale.ROOT, "%.2f cores for the process, %.2f on the stream threads; %d collections, "
                            + "%,d ms in the collectors", processCpuSeconds / wallSeconds, streamCpuSeconds / wallSeconds,
                    collections, collectionMillis);
        }
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** CPU of Kafka Streams' stream threads (not their producers' I/O threads, whose names add "| producer"). */
    static long streamThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-StreamThread-") && !info.getThreadName().contains("|")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}
