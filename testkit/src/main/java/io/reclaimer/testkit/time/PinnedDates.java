package io.reclaimer.testkit.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The dates every clock-sensitive test runs at, so that the suite passes whatever day it runs on: a test
 * that mixes a fixed instant with the real clock passes the day it is written and fails every day after
 * (issue 20). A clock-sensitive test takes its "now" from here ({@code @MethodSource} or
 * {@code @ParameterizedClass}) and runs everything under test on a clock pinned there; its oracle is
 * computed from the date, never written down for one date.
 *
 * <p>The set: a date years from now, a day inside the default library's year-end change freeze (from 20
 * December for 16 days, Paris time) and the last minute of it, a weekend, the daylight-saving changes of
 * Europe/Paris (spring and autumn) and America/New_York (spring), a leap day, and the real today.
 */
public final class PinnedDates {

    /** Tuesday, years from now. */
    public static final Instant FAR_FUTURE = Instant.parse("2031-07-15T09:30:00Z");
    /** Thursday 24 December, inside the year-end freeze. */
    public static final Instant YEAR_END_FREEZE = Instant.parse("2026-12-24T10:00:00Z");
    /** Monday 4 January 23:59:30 Paris: the freeze's last minute. */
    public static final Instant FREEZE_LAST_MINUTE = Instant.parse("2027-01-04T22:59:30Z");
    /** Saturday. */
    public static final Instant WEEKEND = Instant.parse("2027-01-16T11:00:00Z");
    /** Sunday 28 March 2027, 03:30 CEST: half an hour after Paris skipped 02:00-03:00. */
    public static final Instant DST_SPRING_PARIS = Instant.parse("2027-03-28T01:30:00Z");
    /** Sunday 31 October 2027, 02:30 CET: the second time Paris reads 02:30 that night. */
    public static final Instant DST_AUTUMN_PARIS = Instant.parse("2027-10-31T01:30:00Z");
    /** Sunday 14 March 2027, 03:30 EDT: New York's spring change. */
    public static final Instant DST_SPRING_NEW_YORK = Instant.parse("2027-03-14T07:30:00Z");
    /** Tuesday 29 February 2028. */
    public static final Instant LEAP_DAY = Instant.parse("2028-02-29T12:00:00Z");

    private static final List<Named<Instant>> FIXED = List.of(
            Named.of("far future 2031-07-15 (Tue)", FAR_FUTURE),
            Named.of("year-end freeze 2026-12-24 (Thu)", YEAR_END_FREEZE),
            Named.of("last minute of the freeze 2027-01-04 23:59 Paris", FREEZE_LAST_MINUTE),
            Named.of("weekend 2027-01-16 (Sat)", WEEKEND),
            Named.of("DST spring Paris 2027-03-28", DST_SPRING_PARIS),
            Named.of("DST autumn Paris 2027-10-31", DST_AUTUMN_PARIS),
            Named.of("DST spring New York 2027-03-14", DST_SPRING_NEW_YORK),
            Named.of("leap day 2028-02-29", LEAP_DAY));

    private PinnedDates() {
    }

    /** Every pinned date, then the real today: {@code @MethodSource("io.reclaimer.testkit.time.PinnedDates#all")}. */
    public static Stream<Named<Instant>> all() {
        return Stream.concat(FIXED.stream(), Stream.of(Named.of("today (the real clock)", Instant.now())));
    }

    /** The pinned dates only (deterministic). */
    public static Stream<Named<Instant>> fixed() {
        return FIXED.stream();
    }

    /** A clock standing still at {@code at}. */
    public static Clock at(Instant at) {
        return Clock.fixed(at, ZoneOffset.UTC);
    }
}
