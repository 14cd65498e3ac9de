package io.reclaimer.actions.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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

            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> schedule.nextRun().orElseThrow().isAfter(first));
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

            await().atMost(Duration.ofSeconds(5)).until(() -> !schedule.lastFailure().isEmpty());
            assertThat(schedule.lastFailure()).contains("SMTP server down");
            await().atMost(Duration.ofSeconds(5)).until(() -> schedule.nextRun().orElseThrow().isAfter(first));
        }
    }
}
