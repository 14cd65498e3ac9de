package io.reclaimer.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the process spent over a window, from a start mark: CPU of the whole process (the embedded broker and the
 * benchmark's own producers included), CPU of the stream threads, and the garbage collections. CPU per record depends
 * less on what else a shared machine runs than a rate does, and cores used tell whether the window was saturated.
 * The window's CPU is also split by who spent it ({@link Window#split()}): on one machine the instance shares the
 * cores with the broker and with the benchmark's own load producer, which in production run elsewhere.
 */
final class CpuMeter {

    /** Name of the background load's producer (its client id, so also of its I/O thread). */
    static final String LOAD_CLIENT = "bench-fleet-load";

    private final long wallBegin = System.nanoTime();
    private final long processBegin = processCpuNanos();
    // a broker in a JVM of its own (bench fleet --broker-jvm): its CPU counts with this process's
    private final ProcessHandle broker;
    private final long brokerBegin;
    private final Map<String, Long> threadsBegin = threadCpu();
    private final Map<Native, Long> nativeBegin = nativeCpuTicks();
    private final long gcCountBegin = gcCount();
    private final long gcMillisBegin = gcMillis();

    private CpuMeter(ProcessHandle broker) {
        this.broker = broker;
        this.brokerBegin = cpuNanos(broker);
    }

    /** A window starting now. */
    static CpuMeter start() {
        return new CpuMeter(null);
    }

    /** A window starting now that also counts the CPU of {@code broker}'s process, when there is one. */
    static CpuMeter start(java.util.Optional<ProcessHandle> broker) {
        return new CpuMeter(broker.orElse(null));
    }

    private static long cpuNanos(ProcessHandle process) {
        return process == null ? 0 : process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** The window so far. */
    Window stop() {
        Map<String, Long> threads = threadCpu();
        Map<String, Double> spent = new HashMap<>();
        threads.forEach((name, nanos) -> {
            double seconds = (nanos - threadsBegin.getOrDefault(name, 0L)) / 1e9;
            if (seconds > 0) {
                spent.put(name, seconds);
            }
        });
        Map<Native, Long> nativeEnd = nativeCpuTicks();
        Map<Native, Double> nativeSpent = new java.util.EnumMap<>(Native.class);
        nativeEnd.forEach((group, ticks) -> nativeSpent.put(group,
                Math.max(0, ticks - nativeBegin.getOrDefault(group, 0L)) / TICKS_PER_SECOND));
        return new Window((System.nanoTime() - wallBegin) / 1e9, (processCpuNanos() - processBegin) / 1e9,
                spent, nativeSpent, gcCount() - gcCountBegin, gcMillis() - gcMillisBegin,
                broker == null ? -1 : Math.max(0, cpuNanos(broker) - brokerBegin) / 1e9);
    }

    /**
     * Seconds of wall clock and of CPU; the CPU seconds of each live Java thread over the window (by name), and of
     * the JVM's and RocksDB's native threads by kind (from /proc, empty elsewhere); collections and their
     * accumulated time (pauses and concurrent phases); the CPU seconds of the broker's own JVM (-1: the broker is
     * in this process, or elsewhere and not measured).
     */
    record Window(double wallSeconds, double processCpuSeconds, Map<String, Double> threadCpuSeconds,
                  Map<Native, Double> nativeCpuSeconds, long collections, long collectionMillis,
                  double brokerCpuSeconds) {

        /** This process and the broker's JVM when it has one: what the same work costs whichever way it runs. */
        double totalCpuSeconds() {
            return processCpuSeconds + Math.max(0, brokerCpuSeconds);
        }

        /** CPU of Kafka Streams' stream threads (not their producers' I/O threads, whose names add "| producer"). */
        double streamCpuSeconds() {
            return sum(Group.STREAM_THREADS);
        }

        double processMicrosPer(long records) {
            return records == 0 ? 0 : totalCpuSeconds() * 1e6 / records;
        }

        double streamMicrosPer(long records) {
            return records == 0 ? 0 : streamCpuSeconds() * 1e6 / records;
        }

        /** For people: cores used by the process and the stream threads, and the collections. */
        String cores() {
            String broker = brokerCpuSeconds < 0 ? "" : String.format(Locale.ROOT, " and %.2f for the broker's JVM",
                    brokerCpuSeconds / wallSeconds);
            return String.format(Locale.ROOT, "%.2f cores for the process%s, %.2f on the stream threads; %d collections, "
                            + "%,d ms in the collectors", processCpuSeconds / wallSeconds, broker,
                    streamCpuSeconds() / wallSeconds, collections, collectionMillis);
        }

        /**
         * For people: the cores each group of threads used, the rest of the process (the JVM's own threads: garbage
         * collection, the JIT; RocksDB's native threads) and the busiest threads.
         */
        String split() {
            StringBuilder s = new StringBuilder("cores by thread group:");
            double java = 0;
            for (Group g : Group.values()) {
                double cpu = sum(g);
                java += cpu;
                s.append(String.format(Locale.ROOT, " %s %.2f,", g.label, cpu / wallSeconds));
            }
            s.append(String.format(Locale.ROOT, " not Java threads %.2f", Math.max(0, processCpuSeconds - java) / wallSeconds));
            if (!nativeCpuSeconds.isEmpty()) {
                s.append(" (of which ").append(nativeCpuSeconds.entrySet().stream().map(e -> String.format(Locale.ROOT,
                        "%s %.2f", e.getKey().label, e.getValue() / wallSeconds)).collect(Collectors.joining(", ")))
                        .append(")");
            }
            if (brokerCpuSeconds >= 0) {
                s.append(String.format(Locale.ROOT, "; the broker's JVM %.2f", brokerCpuSeconds / wallSeconds));
            }
            s.append("; busiest: ");
            s.append(threadCpuSeconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(6).map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / wallSeconds))
                    .collect(Collectors.joining(", ")));
            return s.toString();
        }

        private double sum(Group group) {
            return threadCpuSeconds.entrySet().stream().filter(e -> Group.of(e.getKey()) == group)
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    /** Who a thread works for, by its name. */
    enum Group {
        STREAM_THREADS("stream threads"),
        STREAMS_IO("their producers' and consumers' I/O"),
        LOAD("the benchmark's load producer"),
        OTHER("other Java threads (mostly the broker's, when it runs in this JVM)");

        final String label;

        Group(String label) {
            this.label = label;
        }

        static Group of(String thread) {
            if (thread.contains(LOAD_CLIENT)) {
                return LOAD;
            }
            if (thread.contains("-StreamThread-")) {
                return thread.contains("|") ? STREAMS_IO : STREAM_THREADS;
            }
            return OTHER;
        }
    }

    /** The native threads of the process by kind, as Linux names them. */
    enum Native {
        GC("the garbage collector", "G1 ", "GC Thread"),
        JIT("the JIT compilers", "C1 CompilerThre", "C2 CompilerThre"),
        ROCKSDB("RocksDB's flushes and compactions", "rocksdb:");

        final String label;
        private final String[] prefixes;

        Native(String label, String... prefixes) {
            this.label = label;
            this.prefixes = prefixes;
        }

        static Native of(String comm) {
            for (Native kind : values()) {
                for (String prefix : kind.prefixes) {
                    if (comm.startsWith(prefix)) {
                        return kind;
                    }
                }
            }
            return null;
        }
    }

    // USER_HZ: the unit of /proc's CPU times on every Linux this runs on
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU ticks of the process's native threads by kind, from /proc/self/task; empty where there is no /proc. */
    private static Map<Native, Long> nativeCpuTicks() {
        Map<Native, Long> ticks = new java.util.EnumMap<>(Native.class);
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    Native kind = Native.of(Files.readString(task.resolve("comm")).strip());
                    if (kind != null) {
                        String stat = Files.readString(task.resolve("stat"));
                        // after "pid (comm) ": state is field 3, utime field 14 and stime field 15
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.merge(kind, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            ticks.clear();
        }
        return ticks;
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Each live thread's CPU so far, by name and id (names repeat: the broker's handler threads). */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos > 0) {
                    cpu.merge(info.getThreadName(), nanos, Long::sum);
                }
            }
        }
        return cpu;
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
