package io.reclaimer.collectors.simulator;

/**
 * Deterministic noise: a value depends only on (seed, series, step), never on the order in which samples
 * are produced, so a replay or a partial run yields the same numbers.
 */
final class Noise {

    private Noise() {
    }

    /** Uniform in [0, 1). */
    static double uniform(long seed, long series, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + series * 0xBF58476D1CE4E5B9L + step * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Standard normal via Box-Muller on two independent uniforms. */
    static double gaussian(long seed, long series, long step) {
        double u1 = Math.max(uniform(seed, series, step * 2), 1e-12);
        double u2 = uniform(seed, series, step * 2 + 1);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static long hash(String text) {
        long h = 1125899906842597L;
        for (int i = 0; i < text.length(); i++) {
            h = 31 * h + text.charAt(i);
        }
        return h;
    }
}
