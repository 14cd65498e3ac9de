package io.reclaimer.policies.guardrails;

import com.cronutils.model.time.ExecutionTime;
import io.reclaimer.model.time.Durations;
import io.reclaimer.policies.rules.SourceRef;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A change freeze: while it is active nothing is approved or executed, decisions fall back to dry-run.
 * Two shapes: recurring ({@code cron} marks each start in {@code timeZone}, the freeze lasts
 * {@code duration}) or one-off ({@code from}/{@code until}, local date-times in {@code timeZone}).
 */
public record FreezeWindow(String name, SourceRef source, String cron, ExecutionTime schedule, Duration duration,
                           ZonedDateTime from, ZonedDateTime until, ZoneId timeZone) {

    public static FreezeWindow recurring(String name, SourceRef source, String cron, ExecutionTime schedule,
                                         Duration duration, ZoneId zone) {
        return new FreezeWindow(name, source, cron, schedule, duration, null, null, zone);
    }

    public static FreezeWindow oneOff(String name, SourceRef source, ZonedDateTime from, ZonedDateTime until) {
        return new FreezeWindow(name, source, null, null, null, from, until, from.getZone());
    }

    /** The active interval containing {@code now}, if any: [start, end). */
    public Optional<Interval> activeAt(Instant now) {
        if (schedule == null) {
            return !now.isBefore(from.toInstant()) && now.isBefore(until.toInstant())
                    ? Optional.of(new Interval(from, until)) : Optional.empty();
        }
        ZonedDateTime local = now.atZone(timeZone);
        // cron resolution is one minute; a start at exactly this minute counts, lastExecution is strictly before
        ZonedDateTime minute = local.truncatedTo(ChronoUnit.MINUTES);
        Optional<ZonedDateTime> start = schedule.isMatch(minute) ? Optional.of(minute) : schedule.lastExecution(local);
        return start.filter(s -> now.isBefore(s.plus(duration).toInstant()))
                .map(s -> new Interval(s, s.plus(duration)));
    }

    public String describe() {
        return schedule != null
                ? "'" + name + "' (cron '" + cron + "' for " + Durations.compact(duration) + " in " + timeZone + ")"
                : "'" + name + "' (" + from.toLocalDateTime() + " to " + until.toLocalDateTime() + " " + timeZone + ")";
    }

    /** One occurrence of a freeze, in the freeze's time zone. */
    public record Interval(ZonedDateTime start, ZonedDateTime end) {
    }
}
