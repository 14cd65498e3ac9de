package io.reclaimer.model.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UptimeWindowTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Instant paris(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), PARIS).toInstant();
    }

    @ParameterizedTest(name = "''{0}'' reads as {1} {2}, {3} h a week")
    @CsvSource(delimiter = '|', value = {
            "Mon-Fri 07:00-20:00      | Mon-Fri             | 07:00-20:00 | 65",
            "mon-fri 07:00-20:00      | Mon-Fri             | 07:00-20:00 | 65",
            "MON,WED,FRI 09:30-17:00  | Mon,Wed,Fri         | 09:30-17:00 | 22",
            "Mon-Wed,Sat 08:30-24:00  | Mon-Wed,Sat         | 08:30-24:00 | 62",
            "Mon-Fri 22:00-06:00      | Mon-Fri             | 22:00-06:00 | 40",
            "Sat-Sun 00:00-24:00      | Sat-Sun             | 00:00-24:00 | 48",
            "Fri-Mon 10:00-11:00      | Mon,Fri-Sun         | 10:00-11:00 | 4",
            "Mon-Sun 22:00-00:00      | Mon-Sun             | 22:00-24:00 | 14",
            "'  Tue   08:00-09:00  '  | Tue                 | 08:00-09:00 | 1",
    })
    void readsEveryFormOfTheGrammar(String text, String days, String hours, int hoursPerWeek) {
        UptimeWindow window = UptimeWindow.parse(text, "Europe/Paris");
        assertThat(window.daysText()).isEqualTo(days);
        assertThat(window.hoursText()).isEqualTo(hours);
        assertThat(window.hoursPerWeek()).isEqualTo(hoursPerWeek);
        assertThat(window.toString()).isEqualTo(days + " " + hours + " Europe/Paris");
        assertThat(UptimeWindow.parse(window.windowText(), PARIS)).as("reads back what it writes").isEqualTo(window);
        assertThat(UptimeWindow.problem(text)).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "weekdays 9-5            | expected DAYS HH:MM-HH:MM",
            "Mon-Fri                 | expected DAYS HH:MM-HH:MM",
            "07:00-20:00             | expected DAYS HH:MM-HH:MM",
            "Mon-Fri 7:00-20:00      | expected DAYS HH:MM-HH:MM",
            "Mon-Fri 07:00 - 20:00   | expected DAYS HH:MM-HH:MM",
            "Monday 07:00-20:00      | expected DAYS HH:MM-HH:MM",
            "Mon;Fri 07:00-20:00     | expected DAYS HH:MM-HH:MM",
            "Mon-Fry 07:00-20:00     | unknown day 'Fry'",
            "Mon 25:00-26:00         | 25:00 is not a time of day",
            "Mon 07:60-20:00         | 07:60 is not a time of day",
            "Mon 24:00-06:00         | 24:00 is not a time of day",
            "Mon 07:00-24:30         | 24:30 is not a time of day",
            "Mon 07:00-07:00         | start and end are equal",
            "Mon 00:00-00:00         | start and end are equal",
    })
    void refusesWhatItCannotRead(String text, String reason) {
        assertThatThrownBy(() -> UptimeWindow.parse(text, "UTC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid uptime window '" + text + "'").hasMessageContaining(reason);
        assertThat(UptimeWindow.problem(text)).hasValueSatisfying(p -> assertThat(p).contains(reason));
    }

    @Test
    void refusesNothingAndAnUnknownZone() {
        assertThatThrownBy(() -> UptimeWindow.parse(null, "UTC")).hasMessageContaining("expected DAYS HH:MM-HH:MM");
        assertThatThrownBy(() -> UptimeWindow.parse("", "UTC")).hasMessageContaining("expected DAYS HH:MM-HH:MM");
        assertThatThrownBy(() -> UptimeWindow.parse("Mon-Fri 07:00-20:00", "Mars/Olympus"))
                .hasMessageContaining("invalid time zone 'Mars/Olympus'");
    }

    @Test
    void aMissingZoneIsUtc() {
        assertThat(UptimeWindow.parse("Mon 07:00-08:00", (String) null).zone()).isEqualTo(UTC);
        assertThat(UptimeWindow.parse("Mon 07:00-08:00", " ").zone()).isEqualTo(UTC);
    }

    @Test
    void workdaysAreAwakeInsideTheWindowInItsTimeZone() {
        UptimeWindow window = UptimeWindow.parse("Mon-Fri 07:00-20:00", "Europe/Paris");
        // 2026-11-23 is a Monday
        assertThat(window.awakeAt(paris("2026-11-23T06:59:00"))).isFalse();
        assertThat(window.awakeAt(paris("2026-11-23T07:00:00"))).isTrue();
        assertThat(window.awakeAt(paris("2026-11-23T19:59:59"))).as("minute resolution").isTrue();
        assertThat(window.awakeAt(paris("2026-11-23T20:00:00"))).isFalse();
        assertThat(window.awakeAt(paris("2026-11-28T12:00:00"))).as("Saturday").isFalse();
        assertThat(window.nextChange(paris("2026-11-23T12:00:00"))).contains(paris("2026-11-23T20:00:00"));
        assertThat(window.nextChange(paris("2026-11-27T21:00:00"))).as("Friday night to Monday morning")
                .contains(paris("2026-11-30T07:00:00"));
    }

    @Test
    void anOvernightWindowBelongsToTheDayItStarts() {
        UptimeWindow window = UptimeWindow.parse("Mon-Fri 22:00-06:00", "UTC");
        assertThat(window.overnight()).isTrue();
        assertThat(window.length()).isEqualTo(Duration.ofHours(8));
        assertThat(window.awakeAt(Instant.parse("2026-11-23T05:00:00Z"))).as("Monday early: Sunday is not listed").isFalse();
        assertThat(window.awakeAt(Instant.parse("2026-11-23T23:00:00Z"))).isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-24T05:59:00Z"))).isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-24T06:00:00Z"))).isFalse();
        assertThat(window.awakeAt(Instant.parse("2026-11-28T05:00:00Z"))).as("Saturday morning ends Friday's window").isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-28T23:00:00Z"))).as("Saturday night").isFalse();
        assertThat(window.nextChange(Instant.parse("2026-11-23T23:00:00Z"))).contains(Instant.parse("2026-11-24T06:00:00Z"));
        assertThat(window.nextChange(Instant.parse("2026-11-28T12:00:00Z"))).contains(Instant.parse("2026-11-30T22:00:00Z"));
    }

    @Test
    void aWindowEndingAtMidnightSleepsAtTheStartOfTheNextDay() {
        UptimeWindow window = UptimeWindow.parse("Mon-Wed,Sat 08:30-24:00", "UTC");
        assertThat(window.overnight()).isFalse();
        assertThat(window.end()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(window.awakeAt(Instant.parse("2026-11-25T23:59:00Z"))).as("Wednesday night").isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-26T00:00:00Z"))).as("Thursday midnight").isFalse();
        assertThat(window.awakeAt(Instant.parse("2026-11-28T09:00:00Z"))).as("Saturday").isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-27T09:00:00Z"))).as("Friday").isFalse();
        assertThat(window.nextChange(Instant.parse("2026-11-25T12:00:00Z"))).contains(Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void followsDaylightSavingChanges() {
        UptimeWindow window = UptimeWindow.parse("Mon-Sun 07:00-20:00", "Europe/Paris");
        // 2026-03-29: clocks go forward in Paris; 07:00 local is 05:00 UTC that day, 06:00 UTC the day before
        assertThat(window.awakeAt(Instant.parse("2026-03-28T05:30:00Z"))).isFalse();
        assertThat(window.awakeAt(Instant.parse("2026-03-29T05:30:00Z"))).isTrue();
        assertThat(window.nextChange(Instant.parse("2026-03-29T01:00:00Z"))).contains(Instant.parse("2026-03-29T05:00:00Z"));
        // 2026-10-25: clocks go back; 20:00 local is 19:00 UTC
        assertThat(window.nextChange(Instant.parse("2026-10-25T12:00:00Z"))).contains(Instant.parse("2026-10-25T19:00:00Z"));
    }

    @Test
    void aWindowStartingInTheSkippedHourStartsWhenTheClockJumps() {
        UptimeWindow window = UptimeWindow.parse("Sun 02:30-04:00", "Europe/Paris");
        // 2026-03-29 02:00 CET jumps to 03:00 CEST (01:00 UTC)
        assertThat(window.nextChange(Instant.parse("2026-03-28T12:00:00Z"))).contains(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(window.awakeAt(Instant.parse("2026-03-29T01:00:00Z"))).as("03:00 CEST").isTrue();
    }

    @Test
    void aWholeWeekWindowIsAlwaysAwake() {
        UptimeWindow window = UptimeWindow.parse("Mon-Sun 00:00-24:00", "UTC");
        assertThat(window.awakeAt(Instant.parse("2026-11-23T00:00:00Z"))).isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-29T23:59:00Z"))).isTrue();
        assertThat(window.hoursPerWeek()).isEqualTo(168);
    }

    @Test
    void aLearnedWindowInWholeHoursPrintsTheWayPeopleWriteIt() {
        UptimeWindow window = UptimeWindow.hours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 8, 19, PARIS);
        assertThat(window).hasToString("Mon-Fri 08:00-19:00 Europe/Paris");
        assertThat(window.hoursPerWeek()).isEqualTo(55);
        assertThat(UptimeWindow.hours(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.SUNDAY), 0, 24, UTC)).hasToString("Mon,Wed-Thu,Sun 00:00-24:00 UTC");
        assertThatThrownBy(() -> UptimeWindow.hours(EnumSet.of(DayOfWeek.MONDAY), 9, 9, UTC))
                .hasMessageContaining("0 <= start < end <= 24");
        assertThat(UptimeWindow.of(EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(22, 0), LocalTime.of(6, 0), UTC).overnight())
                .isTrue();
    }
}
