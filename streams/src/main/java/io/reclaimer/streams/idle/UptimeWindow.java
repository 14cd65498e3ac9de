package io.reclaimer.streams.idle;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a namespace should run: some days of the week, from one hour to another, in a time zone, written
 * the way people say it, {@code Mon-Fri 08:00-19:00 Europe/Paris}.
 *
 * @param startHour first hour of uptime, 0-23
 * @param endHour   hour uptime ends, 1-24 (exclusive)
 */
public record UptimeWindow(Set<DayOfWeek> days, int startHour, int endHour, ZoneId zone) {

    public UptimeWindow {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (startHour < 0 || endHour > 24 || endHour <= startHour) {
            throw new IllegalArgumentException("uptime hours must satisfy 0 <= start < end <= 24, were "
                    + startHour + "-" + endHour);
        }
    }

    public int hoursPerWeek() {
        return days.size() * (endHour - startHour);
    }

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

    public String hoursText() {
        return String.format(Locale.ROOT, "%02d:00-%02d:00", startHour, endHour);
    }

    @Override
    public String toString() {
        return daysText() + " " + hoursText() + " " + zone.getId();
    }

    private static String abbreviation(DayOfWeek day) {
        String name = day.name();
        return name.charAt(0) + name.substring(1, 3).toLowerCase(Locale.ROOT);
    }
}
