package io.reclaimer.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The process's resident memory from /proc/self/status: what a container's memory limit counts, the Java heap and
 * everything outside it (RocksDB's block caches and memtables, the code cache, thread stacks, the embedded broker's
 * buffers when it runs in this process). Empty where there is no /proc.
 */
final class ResidentSet {

    private ResidentSet() {
    }

    /**
     * "resident set peak N bytes, now M bytes", or a sentence saying it is unknown here; with the broker's JVM's own
     * when it runs in one.
     */
    static String summary(Optional<ProcessHandle> broker) {
        Path self = Path.of("/proc/self/status");
        long peak = kilobytes(self, "VmHWM:");
        long now = kilobytes(self, "VmRSS:");
        if (peak < 0 || now < 0) {
            return "resident set: unknown (no /proc/self/status)";
        }
        String summary = String.format(Locale.ROOT, "resident set peak %,d bytes, now %,d bytes (heap, RocksDB's caches "
                + "and memtables, code, stacks%s)", peak * 1024, now * 1024, broker.isPresent() ? "" : ", the embedded broker");
        if (broker.isPresent()) {
            Path status = Path.of("/proc", Long.toString(broker.get().pid()), "status");
            summary += String.format(Locale.ROOT, "; the broker's JVM: peak %,d bytes, now %,d bytes",
                    kilobytes(status, "VmHWM:") * 1024, kilobytes(status, "VmRSS:") * 1024);
        }
        return summary;
    }

    private static long kilobytes(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
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
