package io.reclaimer.streams.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.streams.findings.FindingTracker.Outcome;
import io.reclaimer.streams.findings.FindingTracker.Tracked;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingTrackerTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant SEEN = Instant.parse("2026-11-03T00:00:00Z");
    private static final String RESOURCE = "prod-eu/shop/PersistentVolumeClaim/data";

    private static Finding draft(Instant observedAt) {
        return new Finding(Finding.idFor(FindingKind.UNUSED_PVC, RESOURCE), FindingKind.UNUSED_PVC, RESOURCE,
                "PersistentVolumeClaim", "data", "kubernetes", "prod-eu", "shop", "", "", 4.0, observedAt, observedAt,
                null, Map.of("mountedByPods", "0"), Map.of(), Map.of(), Map.of());
    }

    private static Tracked pendingSinceCreation() {
        Outcome first = FindingTracker.apply(null, Assessment.waste(draft(SEEN), CREATED), WEEK);
        assertThat(first.publishes()).as("two days old").isFalse();
        return first.next();
    }

    @Test
    void wasteYoungerThanItsThresholdFallsDueWhenItsAgeReachesIt() {
        assertThat(FindingTracker.dueAt(pendingSinceCreation(), WEEK)).isEqualTo(CREATED.plus(WEEK));
    }

    @Test
    void agingPendingWastePublishesItOnceDueWithItsOriginalStart() {
        Tracked pending = pendingSinceCreation();

        Outcome early = FindingTracker.age(pending, draft(SEEN), CREATED.plus(WEEK).minusSeconds(1), WEEK);
        assertThat(early.publishes()).isFalse();
        assertThat(early.next()).isEqualTo(pending);

        Outcome due = FindingTracker.age(pending, draft(SEEN), CREATED.plus(WEEK), WEEK);
        assertThat(due.publish().since()).isEqualTo(CREATED);
        assertThat(due.publish().observedAt()).isEqualTo(CREATED.plus(WEEK));
        assertThat(due.publish().monthlyUsd()).isEqualTo(4.0);
        assertThat(FindingTracker.dueAt(due.next(), WEEK)).as("published: nothing waits any more").isNull();
    }

    @Test
    void nothingWaitsOnAgeForResourcesInUseAlreadyPublishedOrWithoutThreshold() {
        Tracked inUse = FindingTracker.apply(null, Assessment.clean(FindingKind.UNUSED_PVC, RESOURCE, SEEN), WEEK).next();
        assertThat(FindingTracker.dueAt(inUse, WEEK)).isNull();
        assertThat(FindingTracker.age(inUse, draft(SEEN), SEEN.plus(Duration.ofDays(30)), WEEK).publishes()).isFalse();

        Tracked published = FindingTracker.apply(null, Assessment.waste(draft(SEEN), CREATED.minus(WEEK)), WEEK).next();
        assertThat(published.published()).isNotNull();
        assertThat(FindingTracker.dueAt(published, WEEK)).isNull();

        assertThat(FindingTracker.dueAt(null, WEEK)).isNull();
        assertThat(FindingTracker.dueAt(pendingSinceCreation(), Duration.ZERO)).isNull();
    }
}
