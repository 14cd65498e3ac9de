package io.reclaimer.actions.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class UptimeWindowTest {

    private static Instant paris(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), ZoneId.of("Europe/Paris")).toInstant();
    }

    @Test
    void workdaysAreAwakeInsideTheWindowInItsTimeZone() {
        UptimeWindow window = UptimeWindow.parse("Mon-Fri 07:00-20:00", "Europe/Paris");
        // 2026-11-23 is a Monday
        assertThat(window.awakeAt(paris("2026-11-23T06:59:00"))).isFalse();
        assertThat(window.awakeAt(paris("2026-11-23T07:00:00"))).isTrue();
        assertThat(window.awakeAt(paris("2026-11-23T12:30:10"))).isTrue();
        assertThat(window.awakeAt(paris("2026-11-23T19:59:59"))).isTrue();
        assertThat(window.awakeAt(paris("2026-11-23T20:00:00"))).isFalse();
        assertThat(window.awakeAt(paris("2026-11-28T12:00:00"))).as("Saturday").isFalse();
        assertThat(window.nextChange(paris("2026-11-23T12:00:00"))).contains(paris("2026-11-23T20:00:00"));
        assertThat(window.nextChange(paris("2026-11-27T21:00:00"))).as("Friday night to Monday morning")
                .contains(paris("2026-11-30T07:00:00"));
    }

    @Test
    void aWindowEndingAtMidnightSleepsAtTheStartOfTheNextDay() {
        UptimeWindow window = UptimeWindow.parse("Mon-Wed,Sat 08:30-24:00", "UTC");
        assertThat(window.awakeAt(Instant.parse("2026-11-25T23:59:00Z"))).as("Wednesday night").isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-26T00:00:00Z"))).as("Thursday midnight").isFalse();
        assertThat(window.awakeAt(Instant.parse("2026-11-28T09:00:00Z"))).as("Saturday").isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-27T09:00:00Z"))).as("Friday").isFalse();
    }

    @Test
    void anOvernightWindowWrapsPastMidnight() {
        UptimeWindow window = UptimeWindow.parse("Mon-Fri 22:00-06:00", "UTC");
        assertThat(window.awakeAt(Instant.parse("2026-11-23T23:00:00Z"))).isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-24T05:59:00Z"))).isTrue();
        assertThat(window.awakeAt(Instant.parse("2026-11-24T06:00:00Z"))).isFalse();
        assertThat(window.awakeAt(Instant.parse("2026-11-24T12:00:00Z"))).isFalse();
    }

    @Test
    void followsDaylightSavingChanges() {
        UptimeWindow window = UptimeWindow.parse("Mon-Sun 07:00-20:00", "Europe/Paris");
        // 2026-03-29: clocks go forward in Paris; 07:00 local is 05:00 UTC that day, 06:00 UTC the day before
        assertThat(window.awakeAt(Instant.parse("2026-03-28T05:30:00Z"))).isFalse();
        assertThat(window.awakeAt(Instant.parse("2026-03-29T05:30:00Z"))).isTrue();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> UptimeWindow.parse("weekdays 9-5", "UTC")).hasMessageContaining("expected DAYS HH:MM-HH:MM");
        assertThatThrownBy(() -> UptimeWindow.parse("Mon-Fry 07:00-20:00", "UTC")).hasMessageContaining("unknown day 'Fry'");
        assertThatThrownBy(() -> UptimeWindow.parse("Mon-Fri 07:00-20:00", "Mars/Olympus")).hasMessageContaining("invalid time zone");
        assertThatThrownBy(() -> UptimeWindow.parse("Mon 25:00-26:00", "UTC")).hasMessageContaining("not a time of day");
    }
}
