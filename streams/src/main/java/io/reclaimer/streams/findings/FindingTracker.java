package io.reclaimer.streams.findings;

import io.reclaimer.model.findings.Finding;
import java.time.Duration;
import java.time.Instant;

/**
 * The life of one finding, in event time: when the waste started, whether it is old enough to report,
 * what was last published. Pure: the previous state and an assessment in, the next state and what to
 * publish out.
 */
final class FindingTracker {

    private FindingTracker() {
    }

    /**
     * What is remembered per finding id. {@code waste=false} remembers that the resource was seen in use,
     * so that when it turns into waste later the start is known to be that observation, not its creation.
     */
    public record Tracked(boolean waste, Instant since, Instant lastObservedAt, Finding published) {
    }

    /** The next state ({@code null}: forget) and what to publish: a finding, a tombstone, or nothing. */
    public record Outcome(Tracked next, Finding publish, boolean tombstone) {
        public boolean publishes() {
            return publish != null || tombstone;
        }
    }

    public static Outcome apply(Tracked previous, Assessment assessment, Duration threshold) {
        boolean wasPublished = previous != null && previous.published() != null;
        return switch (assessment.verdict()) {
            case GONE -> new Outcome(null, null, wasPublished);
            case CLEAN -> new Outcome(new Tracked(false, null, assessment.observedAt(), null), null, wasPublished);
            case WASTE -> waste(previous, assessment, threshold);
        };
    }

    /**
     * When waste that is not reported yet becomes old enough to report, in event time; null when nothing
     * waits on age (not waste, already published, or no threshold to wait for).
     */
    public static Instant dueAt(Tracked tracked, Duration threshold) {
        if (tracked == null || !tracked.waste() || tracked.published() != null || tracked.since() == null
                || threshold.isZero()) {
            return null;
        }
        return tracked.since().plus(threshold);
    }

    /**
     * Waste not reported yet, judged again at a later event time {@code now} without a new observation: the
     * resource is still as last observed ({@code draft}, the last assessment's finding), only older. Publishes
     * it once it is old enough; before that, nothing changes.
     */
    public static Outcome age(Tracked tracked, Finding draft, Instant now, Duration threshold) {
        Instant due = dueAt(tracked, threshold);
        if (due == null || now.isBefore(due)) {
            return new Outcome(tracked, null, false);
        }
        Instant at = now.isBefore(tracked.lastObservedAt()) ? tracked.lastObservedAt() : now;
        return waste(tracked, new Assessment(Assessment.Verdict.WASTE, draft.id(), draft.kind(), at, draft,
                tracked.since(), true), threshold);
    }

    private static Outcome waste(Tracked previous, Assessment assessment, Duration threshold) {
        Instant now = assessment.observedAt();
        Instant since;
        if (assessment.sinceExact()) {
            since = assessment.since();
        } else if (previous != null && previous.waste() && previous.since() != null) {
            since = previous.since();
        } else if (previous != null && !previous.waste()) {
            since = now; // seen in use before: the waste started no earlier than this observation
        } else {
            since = assessment.since() != null ? assessment.since() : now;
        }
        if (since.isAfter(now)) {
            since = now;
        }
        Finding published = previous == null ? null : previous.published();
        if (Duration.between(since, now).compareTo(threshold) < 0) {
            return new Outcome(new Tracked(true, since, now, null), null, published != null);
        }
        Finding finding = withTimes(assessment.draft(), since, now);
        boolean changed = published == null || !sameContent(published, finding);
        Finding kept = changed ? finding : published;
        return new Outcome(new Tracked(true, since, now, kept), changed ? finding : null, false);
    }

    private static Finding withTimes(Finding f, Instant since, Instant observedAt) {
        return f.withTimes(since, observedAt, round(f.monthlyUsd()));
    }

    /** Re-observing unchanged waste is not news: only a change of content is published again. */
    static boolean sameContent(Finding a, Finding b) {
        return withTimes(a, a.since(), b.observedAt()).equals(b);
    }

    /** Cents-and-a-bit precision: floating-point noise must not look like a change. */
    static double round(double usd) {
        return Math.round(usd * 1e6) / 1e6;
    }
}
