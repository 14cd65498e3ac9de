package io.reclaimer.streams.findings;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.time.Instant;
import java.util.Objects;

/**
 * What a detector concluded about one resource at one moment of event time: waste (with the finding it
 * would publish), not waste, or gone. {@link FindingTracker} turns a sequence of these into findings and
 * tombstones, applying the age threshold.
 *
 * @param since      when the waste started, as far as the detector knows (null: unknown)
 * @param sinceExact {@code since} is a fact (an instance's stop time, an idle streak's first hour) rather
 *                   than a lower bound such as the resource's creation time
 */
public record Assessment(Verdict verdict, String findingId, FindingKind kind, Instant observedAt, Finding draft,
                         Instant since, boolean sinceExact) {

    public enum Verdict { WASTE, CLEAN, GONE }

    public Assessment {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(kind, "kind");
        if (verdict == Verdict.WASTE) {
            Objects.requireNonNull(draft, "draft");
            Objects.requireNonNull(observedAt, "observedAt");
        }
    }

    /** Waste whose start is only bounded by {@code since} (creation time...), or unknown when null. */
    public static Assessment waste(Finding draft, Instant since) {
        return new Assessment(Verdict.WASTE, draft.id(), draft.kind(), draft.observedAt(), draft, since, false);
    }

    /** Waste that started exactly at {@code since}. */
    public static Assessment wasteSince(Finding draft, Instant since) {
        return new Assessment(Verdict.WASTE, draft.id(), draft.kind(), draft.observedAt(), draft,
                Objects.requireNonNull(since, "since"), true);
    }

    /** The resource exists and is not waste (any more). */
    public static Assessment clean(FindingKind kind, String resourceKey, Instant observedAt) {
        return new Assessment(Verdict.CLEAN, Finding.idFor(kind, resourceKey), kind, observedAt, null, null, false);
    }

    /**
     * Another finding explains this resource (the PV behind a volume, the Service behind a load balancer):
     * resolve and forget, so that if the explanation goes away the resource is aged from its own timestamps.
     */
    public static Assessment explainedElsewhere(FindingKind kind, String resourceKey) {
        return gone(kind, resourceKey);
    }

    /** The resource was deleted: resolve and forget. */
    public static Assessment gone(FindingKind kind, String resourceKey) {
        return new Assessment(Verdict.GONE, Finding.idFor(kind, resourceKey), kind, null, null, null, false);
    }
}
