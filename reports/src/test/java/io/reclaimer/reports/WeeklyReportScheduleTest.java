package io.reclaimer.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reclaimer.testkit.time.PinnedDates;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WeeklyReportScheduleTest {

    private static final ReportConfig MONDAYS = ReportConfig.DEFAULTS.withSchedule("0 8 * * MON", "Europe/Paris");

    /** A clock reading {@code lead} before the next Monday 08:00 Paris, and running on from there. */
    private static Clock justBeforeNextSlot(Duration lead) {
        WeeklyReportSchedule probe = new WeeklyReportSchedule(MONDAYS, Clock.systemUTC(), () -> { });
        ZonedDateTime slot;
        try (probe) {
            slot = probe.nextAfter(ZonedDateTime.now(Clock.systemUTC())).orElseThrow();
        }
        Instant realNow = Instant.now();
        return Clock.offset(Clock.systemUTC(), Duration.between(realNow, slot.toInstant().minus(lead)));
    }

    @Test
    void runsTheJobWhenTheSlotComesAndSchedulesTheFollowingWeek() {
        AtomicInteger runs = new AtomicInteger();
        Clock clock = justBeforeNextSlot(Duration.ofMillis(300));
        try (WeeklyReportSchedule schedule = new WeeklyReportSchedule(MONDAYS, clock, runs::incrementAndGet)) {
            schedule.start();
            ZonedDateTime first = schedule.nextRun().orElseThrow();

            await().atMost(Duration.ofMinutes(3)).until(() -> runs.get() == 1);
            await().atMost(Duration.ofMinutes(3)).until(() -> schedule.nextRun().orElseThrow().isAfter(first));
            assertThat(Duration.between(first, schedule.nextRun().orElseThrow())).isEqualTo(Duration.ofDays(7));
            assertThat(schedule.lastFailure()).isEmpty();
        }
    }

    @Test
    void aFailedRunIsReportedAndTheNextSlotIsStillScheduled() {
        Clock clock = justBeforeNextSlot(Duration.ofMillis(300));
        try (WeeklyReportSchedule schedule = new WeeklyReportSchedule(MONDAYS, clock, () -> {
            throw new IllegalStateException("SMTP server down");
        })) {
            schedule.start();
            ZonedDateTime first = schedule.nextRun().orElseThrow();

            await().atMost(Duration.ofMinutes(3)).until(() -> !schedule.lastFailure().isEmpty());
            assertThat(schedule.lastFailure()).contains("SMTP server down");
            await().atMost(Duration.ofMinutes(3)).until(() -> schedule.nextRun().orElseThrow().isAfter(first));
        }
    }

    /**
     * At any date, the next run of "0 8 * * MON" in Paris is the first Monday 08:00 Paris time after it,
     * computed here from the calendar, not written down for one date (DST weeks included).
     */
    @ParameterizedTest(name = "at {0}")
    @MethodSource("io.reclaimer.testkit.time.PinnedDates#all")
    void theNextRunIsTheFirstMondayAtEightInParisAfterAnyDate(Instant at) {
        ZoneId paris = ZoneId.of("Europe/Paris");
        ZonedDateTime local = at.atZone(paris);
        ZonedDateTime expected = local.toLocalDate().atTime(8, 0).atZone(paris);
        while (expected.getDayOfWeek() != DayOfWeek.MONDAY || !expected.isAfter(local)) {
            expected = expected.toLocalDate().plusDays(1).atTime(8, 0).atZone(paris);
        }
        try (WeeklyReportSchedule schedule = new WeeklyReportSchedule(MONDAYS, PinnedDates.at(at), () -> { })) {
            assertThat(schedule.nextAfter(local)).contains(expected);
            assertThat(Duration.between(at, expected.toInstant())).isPositive().isLessThanOrEqualTo(Duration.ofDays(7));
        }
    }
}
