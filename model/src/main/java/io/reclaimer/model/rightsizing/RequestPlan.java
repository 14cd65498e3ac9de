package io.reclaimer.model.rightsizing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What a container's four quantities become when its requests are lowered (or set) to a recommendation: the one
 * place the limits policy lives, shared by the live downsize (actions) and the edit of the YAML in Git (gitops).
 * Quantities are strings as written in a manifest ({@code ""} = not set) under the keys {@link #CPU_REQUEST},
 * {@link #MEMORY_REQUEST}, {@link #CPU_LIMIT}, {@link #MEMORY_LIMIT}; the caller parses them ({@code amount}: a
 * Kubernetes quantity to cores or bytes), so this class needs no Kubernetes library.
 *
 * <ul>
 *   <li>{@code proportional}: each limit is scaled by the same ratio as its request, rounded up;</li>
 *   <li>{@code drop-cpu}: the CPU limit is removed (CPU throttling costs latency and saves nothing);</li>
 *   <li>{@code keep}: limits stay as they are.</li>
 * </ul>
 *
 * A memory floor (a JVM's heap plus its overhead, {@link JvmHeap}) is never undercut, by the request or the limit.
 */
public final class RequestPlan {

    public static final String CPU_REQUEST = "requests.cpu";
    public static final String MEMORY_REQUEST = "requests.memory";
    public static final String CPU_LIMIT = "limits.cpu";
    public static final String MEMORY_LIMIT = "limits.memory";

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MI = BigDecimal.valueOf(1L << 20);
    private static final BigDecimal GI = BigDecimal.valueOf(1L << 30);

    private RequestPlan() {
    }

    /** The limits policy, by the wire names of policy parameters ({@code limits}). */
    public enum Limits {
        PROPORTIONAL, DROP_CPU, KEEP;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** {@code proportional}, {@code drop-cpu} or {@code keep}; null or blank is {@code proportional}. */
        public static Limits parse(String text) {
            if (text == null || text.isBlank()) {
                return PROPORTIONAL;
            }
            for (Limits limits : values()) {
                if (limits.wireName().equals(text.trim())) {
                    return limits;
                }
            }
            throw new IllegalArgumentException("limits must be proportional, drop-cpu or keep, was '" + text + "'");
        }
    }

    /**
     * The four quantities after the change. {@code cpuTo}/{@code memTo} null leave that resource alone;
     * {@code memoryFloorBytes} null means no floor. Unchanged quantities keep their text exactly.
     */
    public static Map<String, String> plan(Map<String, String> observed, Function<String, BigDecimal> amount,
                                           BigDecimal cpuTo, BigDecimal memTo, Limits limits, BigDecimal memoryFloorBytes) {
        Map<String, String> planned = new LinkedHashMap<>(observed);
        if (cpuTo != null) {
            BigDecimal before = parse(amount, observed.get(CPU_REQUEST));
            planned.put(CPU_REQUEST, cpu(cpuTo));
            BigDecimal limit = parse(amount, observed.get(CPU_LIMIT));
            if (limit != null && limits == Limits.PROPORTIONAL && before != null && before.signum() > 0) {
                planned.put(CPU_LIMIT, cpu(limit.multiply(cpuTo).divide(before, 9, RoundingMode.CEILING)));
            }
        }
        if (limits == Limits.DROP_CPU) {
            planned.put(CPU_LIMIT, "");
        }
        if (memTo != null) {
            BigDecimal floor = memoryFloorBytes == null ? BigDecimal.ZERO : memoryFloorBytes;
            BigDecimal to = memTo.max(floor);
            BigDecimal before = parse(amount, observed.get(MEMORY_REQUEST));
            planned.put(MEMORY_REQUEST, memory(to));
            BigDecimal limit = parse(amount, observed.get(MEMORY_LIMIT));
            if (limit != null && limits == Limits.PROPORTIONAL && before != null && before.signum() > 0) {
                BigDecimal scaled = limit.multiply(to).divide(before, 9, RoundingMode.CEILING).max(floor).max(to);
                planned.put(MEMORY_LIMIT, memory(scaled));
            }
        }
        return planned;
    }

    private static BigDecimal parse(Function<String, BigDecimal> amount, String quantity) {
        return quantity == null || quantity.isEmpty() ? null : amount.apply(quantity);
    }

    /** CPU cores as a quantity: whole cores plainly, anything else in millicores, rounded up. */
    public static String cpu(BigDecimal cores) {
        BigDecimal milli = cores.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        if (milli.remainder(THOUSAND).signum() == 0) {
            return milli.divide(THOUSAND).toPlainString();
        }
        return milli.toPlainString() + "m";
    }

    /** Bytes as a quantity: Gi or Mi when exact, bytes otherwise, rounded up to a whole byte. */
    public static String memory(BigDecimal bytes) {
        BigDecimal whole = bytes.setScale(0, RoundingMode.CEILING);
        if (whole.signum() > 0 && whole.remainder(GI).signum() == 0) {
            return whole.divide(GI).toPlainString() + "Gi";
        }
        if (whole.signum() > 0 && whole.remainder(MI).signum() == 0) {
            return whole.divide(MI).toPlainString() + "Mi";
        }
        return whole.toPlainString();
    }
}
