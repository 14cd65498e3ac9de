package io.reclaimer.model.time;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When scheduled workloads run: some days of the week, from a time of day to another, in a time zone, written
 * the way people say it, {@code Mon-Fri 07:00-20:00} in {@code Europe/Paris}. Outside the window they sleep.
 *
 * <p>The one grammar for policies ({@code scheduleWindow}), findings (the learned window), the executor and the
 * namespace annotations: {@code DAYS HH:MM-HH:MM}; days as a range ({@code Mon-Fri}, also wrapping,
 * {@code Fri-Mon}), a list ({@code Mon,Wed,Fri}) or both ({@code Mon-Wed,Sat}), case-insensitive; times in
 * 24-hour form. {@code 24:00} ends a window at midnight. An end before the start is an overnight window
 * ({@code Mon-Fri 22:00-06:00}): each listed day's window starts that evening and ends the next morning.
 *
 * <p>Pure: the arithmetic is local calendar time through {@code java.time}, so midnight, overnight windows and
 * daylight-saving changes follow the zone's rules (a window starting in a skipped hour starts when the clock
 * jumps; a repeated hour is inside or outside the window as its local time says). Minute resolution.
 */
public final class UptimeWindow {

    private static final Pattern SHAPE = Pattern.compile(
            "\\s*([A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*)\\s+(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})\\s*");
    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final int MINUTES_PER_DAY = 24 * 60;

    private final Set<DayOfWeek> days;
    private final int startMinute;
    /** 1..1440 for a window ending the day it starts, 0..startMinute-1 for an overnight one. */
    private final int endMinute;
    private final ZoneId zone;

    private UptimeWindow(Set<DayOfWeek> days, int startMinute, int endMinute, ZoneId zone) {
        // no days at all is a window that never opens; parse cannot produce one, a learned window can
        this.days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        this.startMinute = startMinute;
        this.endMinute = endMinute;
        this.zone = zone;
    }

    /**
     * A window from {@code start} to {@code end} on {@code days}; {@code end} may be {@link LocalTime#MIDNIGHT}
     * (the window runs to midnight) or earlier than {@code start} (overnight), but not equal to a non-midnight start.
     */
    public static UptimeWindow of(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
        int from = start.getHour() * 60 + start.getMinute();
        int to = end.getHour() * 60 + end.getMinute();
        if (to == 0) {
            to = MINUTES_PER_DAY;
        }
        if (to == from) {
            throw new IllegalArgumentException("an uptime window's start and end must differ, were " + start + "-" + end);
        }
        return new UptimeWindow(days, from, to, zone);
    }

    /** A daytime window in whole hours: {@code startHour} 0-23, {@code endHour} 1-24, start before end. */
    public static UptimeWindow hours(Set<DayOfWeek> days, int startHour, int endHour, ZoneId zone) {
        if (startHour < 0 || endHour > 24 || endHour <= startHour) {
            throw new IllegalArgumentException("uptime hours must satisfy 0 <= start < end <= 24, were "
                    + startHour + "-" + endHour);
        }
        return new UptimeWindow(days, startHour * 60, endHour * 60, zone);
    }

    /**
     * Parses {@code DAYS HH:MM-HH:MM} in {@code zone} (UTC when null or blank); {@link IllegalArgumentException}
     * says in one sentence what is wrong.
     */
    public static UptimeWindow parse(String window, String zone) {
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid time zone '" + zone + "': " + e.getMessage());
        }
        return parse(window, zoneId);
    }

    /** Parses {@code DAYS HH:MM-HH:MM} in {@code zone}; {@link IllegalArgumentException} says what is wrong. */
    public static UptimeWindow parse(String window, ZoneId zone) {
        Matcher m = SHAPE.matcher(window == null ? "" : window);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid uptime window '" + window
                    + "': expected DAYS HH:MM-HH:MM, e.g. Mon-Fri 07:00-20:00");
        }
        Set<DayOfWeek> days = days(m.group(1), window);
        int start = minute(m.group(2), m.group(3), false, window);
        int end = minute(m.group(4), m.group(5), true, window);
        if (end == start || (start == 0 && end == 0)) {
            throw new IllegalArgumentException("invalid uptime window '" + window + "': start and end are equal");
        }
        return new UptimeWindow(days, start, end == 0 ? MINUTES_PER_DAY : end, zone);
    }

    /** Whether {@code text} is a window, and if not why: for validators that collect errors rather than throw. */
    public static Optional<String> problem(String text) {
        try {
            parse(text, ZoneId.of("UTC"));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether workloads should be running at {@code now}. */
    public boolean awakeAt(Instant now) {
        LocalDateTime local = now.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
        LocalDate today = local.toLocalDate();
        return contains(today, local) || contains(today.minusDays(1), local);
    }

    /** When the desired state changes next after {@code now}: the end of the current window, or the next start. */
    public Optional<Instant> nextChange(Instant now) {
        LocalDateTime local = now.atZone(zone).toLocalDateTime();
        LocalDate today = local.toLocalDate();
        if (awakeAt(now)) {
            LocalDate opened = contains(today, local.truncatedTo(ChronoUnit.MINUTES)) ? today : today.minusDays(1);
            return Optional.of(instant(windowEnd(opened)));
        }
        for (int day = 0; day <= 7; day++) {
            LocalDate date = today.plusDays(day);
            LocalDateTime start = date.atStartOfDay().plusMinutes(startMinute);
            if (days.contains(date.getDayOfWeek()) && start.isAfter(local)) {
                return Optional.of(instant(start));
            }
        }
        return Optional.empty();
    }

    public Set<DayOfWeek> days() {
        return days;
    }

    public LocalTime start() {
        return LocalTime.MIDNIGHT.plusMinutes(startMinute);
    }

    /** The end as a time of day; {@link LocalTime#MIDNIGHT} for a window that runs to midnight. */
    public LocalTime end() {
        return LocalTime.MIDNIGHT.plusMinutes(endMinute % MINUTES_PER_DAY);
    }

    /** Whether each day's window ends the next morning ({@code 22:00-06:00}); one that runs to midnight does not. */
    public boolean overnight() {
        return endMinute < startMinute;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The window in another time zone, same days and times. */
    public UptimeWindow in(ZoneId other) {
        return new UptimeWindow(days, startMinute, endMinute, other);
    }

    /** How long one day's window lasts. */
    public Duration length() {
        int minutes = overnight() ? MINUTES_PER_DAY - startMinute + endMinute : endMinute - startMinute;
        return Duration.ofMinutes(minutes);
    }

    /** Uptime per week in whole hours, rounded down. */
    public int hoursPerWeek() {
        return (int) (days.size() * length().toMinutes() / 60);
    }

    /** The days as written: runs of consecutive days as ranges, {@code Mon-Fri}, {@code Mon,Wed-Thu,Sat}. */
    public String daysText() {
        List<String> runs = new ArrayList<>();
        DayOfWeek[] week = DayOfWeek.values();
        int i = 0;
        while (i < week.length) {
            if (!days.contains(week[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < week.length && days.contains(week[j + 1])) {
                j++;
            }
            runs.add(j == i ? abbreviation(week[i]) : abbreviation(week[i]) + "-" + abbreviation(week[j]));
            i = j + 1;
        }
        return String.join(",", runs);
    }

    /** The times as written, {@code 08:00-19:00}; a window to midnight ends {@code 24:00}. */
    public String hoursText() {
        return String.format(Locale.ROOT, "%02d:%02d-%02d:%02d", startMinute / 60, startMinute % 60,
                endMinute / 60, endMinute % 60);
    }

    /** The window as {@link #parse} reads it, without the zone: {@code Mon-Fri 08:00-19:00}. */
    public String windowText() {
        return daysText() + " " + hoursText();
    }

    /** The window and its zone: {@code Mon-Fri 08:00-19:00 Europe/Paris}. */
    @Override
    public String toString() {
        return windowText() + " " + zone.getId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UptimeWindow w && w.days.equals(days) && w.startMinute == startMinute
                && w.endMinute == endMinute && w.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return ((days.hashCode() * 31 + startMinute) * 31 + endMinute) * 31 + zone.hashCode();
    }

    private boolean contains(LocalDate opened, LocalDateTime local) {
        if (!days.contains(opened.getDayOfWeek())) {
            return false;
        }
        LocalDateTime start = opened.atStartOfDay().plusMinutes(startMinute);
        return !local.isBefore(start) && local.isBefore(windowEnd(opened));
    }

    private LocalDateTime windowEnd(LocalDate opened) {
        return opened.atStartOfDay().plusMinutes(overnight() ? MINUTES_PER_DAY + endMinute : endMinute);
    }

    private Instant instant(LocalDateTime local) {
        // a local time the clocks skip resolves to the instant they jump to, like a wall clock would
        return ZonedDateTime.of(local, zone).toInstant();
    }

    private static Set<DayOfWeek> days(String spec, String window) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : spec.split(",")) {
            String[] range = item.split("-");
            DayOfWeek from = day(range[0], window);
            DayOfWeek to = range.length > 1 ? day(range[1], window) : from;
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                days.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String window) {
        int index = DAY_NAMES.indexOf(name.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException("invalid uptime window '" + window + "': unknown day '" + name
                    + "' (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
        }
        return DayOfWeek.of(index + 1);
    }

    private static int minute(String hours, String minutes, boolean end, String window) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        boolean midnightEnd = end && h == 24 && m == 0;
        if (!midnightEnd && (h > 23 || m > 59)) {
            throw new IllegalArgumentException("invalid uptime window '" + window + "': " + hours + ":" + minutes
                    + " is not a time of day");
        }
        return h * 60 + m;
    }

    private static String abbreviation(DayOfWeek day) {
        return DAY_NAMES.get(day.getValue() - 1).substring(0, 1).toUpperCase(Locale.ROOT)
                + DAY_NAMES.get(day.getValue() - 1).substring(1);
    }
}
