package io.reclaimer.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The process's resident memory from /proc/self/status: what a container's memory limit counts, the Java heap and
 * everything outside it (RocksDB's block caches and memtables, the code cache, thread stacks, the embedded broker's
 * buffers). Empty where there is no /proc.
 */
final class ResidentSet {

    private ResidentSet() {
    }

    /** "resident set peak N bytes, now M bytes", or a sentence saying it is unknown here. */
    static String summary() {
        long peak = kilobytes("VmHWM:");
        long now = kilobytes("VmRSS:");
        if (peak < 0 || now < 0) {
            return "resident set: unknown (no /proc/self/status)";
        }
        return String.format(Locale.ROOT, "resident set peak %,d bytes, now %,d bytes (heap, RocksDB's caches and "
                + "memtables, code, stacks, the embedded broker)", peak * 1024, now * 1024);
    }

    private static long kilobytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
