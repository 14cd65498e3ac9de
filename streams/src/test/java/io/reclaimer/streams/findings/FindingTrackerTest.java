package io.reclaimer.streams.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.streams.findings.FindingTracker.Outcome;
import io.reclaimer.streams.findings.FindingTracker.Tracked;
import io.reclaimer.testkit.time.PinnedDates;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The life of a finding in event time, run with its resource created at every {@link PinnedDates pinned date}. */
@ParameterizedClass(name = "created at {0}")
@MethodSource("io.reclaimer.testkit.time.PinnedDates#all")
class FindingTrackerTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final String RESOURCE = "prod-eu/shop/PersistentVolumeClaim/data";
    private final Instant created;
    private final Instant seen;

    FindingTrackerTest(Instant created) {
        this.created = created;
        seen = created.plus(Duration.ofDays(2));
    }

    private static Finding draft(Instant observedAt) {
        return new Finding(Finding.idFor(FindingKind.UNUSED_PVC, RESOURCE), FindingKind.UNUSED_PVC, RESOURCE,
                "PersistentVolumeClaim", "data", "kubernetes", "prod-eu", "shop", "", "", 4.0, observedAt, observedAt,
                null, Map.of("mountedByPods", "0"), Map.of(), Map.of(), Map.of());
    }

    private Tracked pendingSinceCreation() {
        Outcome first = FindingTracker.apply(null, Assessment.waste(draft(seen), created), WEEK);
        assertThat(first.publishes()).as("two days old").isFalse();
        return first.next();
    }

    @Test
    void wasteYoungerThanItsThresholdFallsDueWhenItsAgeReachesIt() {
        assertThat(FindingTracker.dueAt(pendingSinceCreation(), WEEK)).isEqualTo(created.plus(WEEK));
    }

    @Test
    void agingPendingWastePublishesItOnceDueWithItsOriginalStart() {
        Tracked pending = pendingSinceCreation();

        Outcome early = FindingTracker.age(pending, draft(seen), created.plus(WEEK).minusSeconds(1), WEEK);
        assertThat(early.publishes()).isFalse();
        assertThat(early.next()).isEqualTo(pending);

        Outcome due = FindingTracker.age(pending, draft(seen), created.plus(WEEK), WEEK);
        assertThat(due.publish().since()).isEqualTo(created);
        assertThat(due.publish().observedAt()).isEqualTo(created.plus(WEEK));
        assertThat(due.publish().monthlyUsd()).isEqualTo(4.0);
        assertThat(FindingTracker.dueAt(due.next(), WEEK)).as("published: nothing waits any more").isNull();
    }

    @Test
    void nothingWaitsOnAgeForResourcesInUseAlreadyPublishedOrWithoutThreshold() {
        Tracked inUse = FindingTracker.apply(null, Assessment.clean(FindingKind.UNUSED_PVC, RESOURCE, seen), WEEK).next();
        assertThat(FindingTracker.dueAt(inUse, WEEK)).isNull();
        assertThat(FindingTracker.age(inUse, draft(seen), seen.plus(Duration.ofDays(30)), WEEK).publishes()).isFalse();

        Tracked published = FindingTracker.apply(null, Assessment.waste(draft(seen), created.minus(WEEK)), WEEK).next();
        assertThat(published.published()).isNotNull();
        assertThat(FindingTracker.dueAt(published, WEEK)).isNull();

        assertThat(FindingTracker.dueAt(null, WEEK)).isNull();
        assertThat(FindingTracker.dueAt(pendingSinceCreation(), Duration.ZERO)).isNull();
    }
}
