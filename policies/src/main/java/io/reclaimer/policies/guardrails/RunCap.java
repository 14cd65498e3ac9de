package io.reclaimer.policies.guardrails;

/**
 * Blast radius of one evaluation run for one finding kind, like Cloud Custodian's max-resources /
 * max-resources-percent: more than {@code maxCount} actionable decisions, or more than {@code maxPercent}
 * of the kind's population, stops the run. The percent cap always lets at least one action through so a
 * single orphan in a small fleet is not blocked forever; {@code maxCount: 0} forbids the kind entirely.
 */
public record RunCap(int maxCount, double maxPercent) {

    public RunCap {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be >= 0");
        }
        if (!(maxPercent >= 0 && maxPercent <= 100)) {
            throw new IllegalArgumentException("maxPercent must be within [0, 100]");
        }
    }

    /** How many actionable decisions a run may hold for a population of this size. */
    public int allowed(int population) {
        int byPercent = Math.max(1, (int) Math.floor(maxPercent * population / 100.0));
        return Math.min(maxCount, byPercent);
    }
}
