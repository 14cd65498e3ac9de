package io.reclaimer.model.rightsizing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java heap a container's JVM is told to use, read from its command, args and the environment variables
 * JVMs and their launch scripts read ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code JAVA_OPTS}).
 * A downsize never gives such a container less memory than {@link #floorBytes()}: heap plus the JVM's
 * non-heap memory (metaspace, code cache, thread stacks, GC structures, direct buffers), counted as
 * {@value #OVERHEAD_PERCENT} % of the heap and at least {@value #MIN_OVERHEAD_MIB} MiB.
 *
 * <p>{@code -Xmx} / {@code -XX:MaxHeapSize} win over {@code -XX:MaxRAMPercentage}, as in the JVM; among
 * several of the same kind the last one counts (environment first, then the command line). A percentage is of
 * the container's current memory limit: the heap the workload runs with today, which is what the usage the
 * recommendation saw was measured with. Without a limit a percentage is of the node's memory: unknown here,
 * so no floor is known either ({@link #of} is empty).
 */
public record JvmHeap(BigDecimal heapBytes, String source) {

    public static final int OVERHEAD_PERCENT = 25;
    public static final int MIN_OVERHEAD_MIB = 256;
    /** The environment variables whose flags a JVM (or its launch script) passes on, in the order they apply. */
    public static final List<String> ENVIRONMENT = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS");

    private static final Pattern XMX = Pattern.compile("^(?:-Xmx|-XX:MaxHeapSize=)(\\d+)([kKmMgGtT]?)$");
    private static final Pattern PERCENT = Pattern.compile("^-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)$");

    /** Heap plus overhead: the least memory the container may request or be limited to. */
    public BigDecimal floorBytes() {
        BigDecimal overhead = heapBytes.multiply(BigDecimal.valueOf(OVERHEAD_PERCENT)).divide(BigDecimal.valueOf(100), 0,
                RoundingMode.CEILING).max(BigDecimal.valueOf((long) MIN_OVERHEAD_MIB << 20));
        return heapBytes.add(overhead);
    }

    /**
     * The heap of a container, or empty when it sets none we can size. {@code memoryLimitBytes} is its current
     * memory limit (null when none), for {@code -XX:MaxRAMPercentage}.
     */
    public static Optional<JvmHeap> of(List<String> command, List<String> args, Map<String, String> environment,
                                       BigDecimal memoryLimitBytes) {
        List<String[]> flags = new ArrayList<>();
        Map<String, String> env = environment == null ? Map.of() : environment;
        for (String name : ENVIRONMENT) {
            String value = env.get(name);
            if (value != null) {
                for (String token : value.trim().split("\\s+")) {
                    flags.add(new String[] {token, name});
                }
            }
        }
        for (List<String> part : java.util.Arrays.asList(command, args)) {
            if (part != null) {
                for (String element : part) {
                    // "sh -c 'java -Xmx512m -jar app.jar'" puts several flags in one element
                    for (String token : element.trim().split("\\s+")) {
                        flags.add(new String[] {token, part == command ? "command" : "args"});
                    }
                }
            }
        }
        JvmHeap max = null;
        JvmHeap percent = null;
        for (String[] flag : flags) {
            String token = flag[0].replaceAll("^['\"]|['\"]$", "");
            Matcher xmx = XMX.matcher(token);
            if (xmx.matches()) {
                max = new JvmHeap(bytes(xmx.group(1), xmx.group(2)), token + " in " + flag[1]);
                continue;
            }
            Matcher pct = PERCENT.matcher(token);
            if (pct.matches()) {
                percent = memoryLimitBytes == null ? null : new JvmHeap(memoryLimitBytes.multiply(new BigDecimal(pct.group(1)))
                        .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING), token + " in " + flag[1]
                        + " of the " + memoryLimitBytes.toPlainString() + "-byte limit");
            }
        }
        return Optional.ofNullable(max != null ? max : percent);
    }

    private static BigDecimal bytes(String number, String unit) {
        long multiplier = switch (unit.toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1L;
        };
        return new BigDecimal(number).multiply(BigDecimal.valueOf(multiplier));
    }
}
