package io.reclaimer.actions.kubernetes;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An uptime window such as {@code Mon-Fri 07:00-20:00} in a time zone: workloads run inside it and sleep
 * outside it. The window becomes two Unix cron expressions (cron-utils), one for waking up and one for
 * going to sleep; the desired state at an instant is whichever of the two fired last. That keeps the
 * arithmetic of days, midnight, {@code 24:00} ends, overnight windows ({@code 22:00-06:00}) and daylight
 * saving changes in a library that does calendars for a living.
 */
public final class UptimeWindow {

    private static final Pattern FORMAT = Pattern.compile(
            "\\s*([A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*)\\s+(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})\\s*");
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String text;
    private final ZoneId zone;
    private final ExecutionTime wake;
    private final ExecutionTime sleep;

    private UptimeWindow(String text, ZoneId zone, Cron wake, Cron sleep) {
        this.text = text;
        this.zone = zone;
        this.wake = ExecutionTime.forCron(wake);
        this.sleep = ExecutionTime.forCron(sleep);
    }

    /** Parses {@code DAYS HH:MM-HH:MM} in {@code zone}; {@link IllegalArgumentException} says what is wrong. */
    public static UptimeWindow parse(String window, String zone) {
        Matcher m = FORMAT.matcher(window == null ? "" : window);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid uptime window '" + window
                    + "': expected DAYS HH:MM-HH:MM, e.g. Mon-Fri 07:00-20:00");
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid time zone '" + zone + "': " + e.getMessage());
        }
        Set<DayOfWeek> days = days(m.group(1), window);
        LocalTime start = time(m.group(2), m.group(3), window);
        boolean endsAtMidnight = m.group(4).equals("24") && m.group(5).equals("00");
        LocalTime end = endsAtMidnight ? LocalTime.MIDNIGHT : time(m.group(4), m.group(5), window);
        if (!endsAtMidnight && end.equals(start)) {
            throw new IllegalArgumentException("invalid uptime window '" + window + "': start and end are equal");
        }
        // the window ends on the next day when it runs to midnight or past it
        Set<DayOfWeek> sleepDays = endsAtMidnight || end.isBefore(start)
                ? days.stream().map(d -> d.plus(1)).collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class)))
                : days;
        Cron wakeCron = UNIX.parse(start.getMinute() + " " + start.getHour() + " * * " + cronDays(days));
        Cron sleepCron = UNIX.parse(end.getMinute() + " " + end.getHour() + " * * " + cronDays(sleepDays));
        return new UptimeWindow(window.trim(), zoneId, wakeCron, sleepCron);
    }

    /** Whether workloads should be running at {@code now}. */
    public boolean awakeAt(Instant now) {
        // cron has minute resolution: whatever fired during this minute decides it
        ZonedDateTime minute = now.atZone(zone).withSecond(0).withNano(0);
        if (wake.isMatch(minute)) {
            return true;
        }
        if (sleep.isMatch(minute)) {
            return false;
        }
        Optional<ZonedDateTime> lastWake = wake.lastExecution(minute);
        Optional<ZonedDateTime> lastSleep = sleep.lastExecution(minute);
        if (lastWake.isEmpty()) {
            return false;
        }
        return lastSleep.isEmpty() || lastWake.get().isAfter(lastSleep.get());
    }

    /** When the desired state changes next after {@code now}. */
    public Optional<Instant> nextChange(Instant now) {
        ZonedDateTime at = now.atZone(zone);
        Optional<ZonedDateTime> next = awakeAt(now) ? sleep.nextExecution(at) : wake.nextExecution(at);
        return next.map(ZonedDateTime::toInstant);
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return text + " " + zone.getId();
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
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("invalid uptime window '" + window + "': unknown day '" + name
                + "' (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    private static LocalTime time(String hours, String minutes, String window) {
        try {
            return LocalTime.of(Integer.parseInt(hours), Integer.parseInt(minutes));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid uptime window '" + window + "': " + hours + ":" + minutes
                    + " is not a time of day");
        }
    }

    /** Unix cron day-of-week numbers, Sunday = 0. */
    private static String cronDays(Set<DayOfWeek> days) {
        Set<Integer> numbers = new TreeSet<>();
        days.forEach(d -> numbers.add(d.getValue() % 7));
        return numbers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
