package io.reclaimer.policies.rules;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The uptime window of a scheduled workload, as written in policies and passed to the executor verbatim:
 * {@code DAYS HH:MM-HH:MM}, days as a range ({@code Mon-Fri}), a list ({@code Mon,Wed,Fri}) or both
 * ({@code Mon-Wed,Sat}); times in 24-hour form, start before end. Outside the window the workload sleeps.
 */
public record ScheduleWindow(String text, Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*)"
            + " +(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    private static final List<String> NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public ScheduleWindow {
        days = Set.copyOf(days);
    }

    /** Parses, or says in one sentence what is wrong. */
    public static Parsed parse(String text) {
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            return Parsed.error("schedule window '" + text + "' must look like 'Mon-Fri 07:00-20:00'");
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : m.group(1).split(",")) {
            String[] range = part.split("-");
            Optional<DayOfWeek> from = day(range[0]);
            Optional<DayOfWeek> to = range.length == 2 ? day(range[1]) : from;
            if (from.isEmpty() || to.isEmpty()) {
                return Parsed.error("schedule window '" + text + "' has an unknown day in '" + part
                        + "' (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
            }
            for (DayOfWeek d = from.get(); ; d = d.plus(1)) {
                days.add(d);
                if (d == to.get()) {
                    break;
                }
            }
        }
        int h1 = Integer.parseInt(m.group(2));
        int m1 = Integer.parseInt(m.group(3));
        int h2 = Integer.parseInt(m.group(4));
        int m2 = Integer.parseInt(m.group(5));
        if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 == 24 && m2 != 0)) {
            return Parsed.error("schedule window '" + text + "' has an invalid time");
        }
        LocalTime start = LocalTime.of(h1, m1);
        LocalTime end = h2 == 24 ? LocalTime.MAX : LocalTime.of(h2, m2);
        if (!start.isBefore(end)) {
            return Parsed.error("schedule window '" + text + "' must start before it ends");
        }
        return new Parsed(new ScheduleWindow(text.trim(), days, start, end), null);
    }

    private static Optional<DayOfWeek> day(String name) {
        int index = NAMES.indexOf(name.toLowerCase(Locale.ROOT));
        return index < 0 ? Optional.empty() : Optional.of(DayOfWeek.of(index + 1));
    }

    /** A window or the reason it is invalid. */
    public record Parsed(ScheduleWindow window, String error) {
        static Parsed error(String message) {
            return new Parsed(null, message);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
