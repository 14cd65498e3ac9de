package io.reclaimer.streams.rightsizing.state;

/**
 * VPA's {@code model/types.go} resource amounts: CPU in integer millicores, memory in integer bytes, both
 * capped at {@link #MAX_RESOURCE_AMOUNT} and truncated (never rounded) when converted from floating point.
 * Porting these conversions is what makes our numbers equal VPA's, not just close.
 */
public final class ResourceAmounts {

    /** VPA's {@code MaxResourceAmount}: 1e14 millicores or bytes. */
    public static final long MAX_RESOURCE_AMOUNT = 100_000_000_000_000L;

    private ResourceAmounts() {
    }

    public static long cpuAmountFromCores(double cores) {
        return fromFloat(cores * 1000.0);
    }

    public static double coresFromCpuAmount(long millicores) {
        return millicores / 1000.0;
    }

    public static long memoryAmountFromBytes(double bytes) {
        return fromFloat(bytes);
    }

    /** {@code amount * factor}, truncated and capped, as VPA's {@code ScaleResource}. */
    public static long scale(long amount, double factor) {
        return fromFloat(amount * factor);
    }

    /** VPA's {@code RoundUpToScale}: up to the next multiple of {@code scale}. */
    public static long roundUpToScale(long value, long scale) {
        if (scale <= 1) {
            return value;
        }
        return (long) Math.ceil((double) value / scale) * scale;
    }

    static long fromFloat(double amount) {
        if (amount > MAX_RESOURCE_AMOUNT) {
            return MAX_RESOURCE_AMOUNT;
        }
        if (amount < 0 || Double.isNaN(amount)) {
            return 0;
        }
        return (long) amount;
    }
}
