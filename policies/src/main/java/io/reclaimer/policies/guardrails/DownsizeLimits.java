package io.reclaimer.policies.guardrails;

/**
 * How far one downsize may go: at most {@code maxStepPercent} of the current request at once (50 means
 * "never below half of the current request"), and never below the floors.
 */
public record DownsizeLimits(double maxStepPercent, double minCpuCores, long minMemoryBytes) {

    public static final DownsizeLimits DEFAULT = new DownsizeLimits(50, 0.01, 64L << 20);

    public DownsizeLimits {
        if (!(maxStepPercent >= 0 && maxStepPercent <= 100)) {
            throw new IllegalArgumentException("maxStepPercent must be within [0, 100]");
        }
        if (!(minCpuCores >= 0) || minMemoryBytes < 0) {
            throw new IllegalArgumentException("floors must be >= 0");
        }
    }
}
