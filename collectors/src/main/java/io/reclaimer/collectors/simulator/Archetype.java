package io.reclaimer.collectors.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * How a simulated container uses what it requests. Each shape is a function of event time, so it can be
 * evaluated for any instant; {@link #cpuFraction} and {@link #memoryFraction} are relative to a base
 * usage level the workload is given.
 */
enum Archetype {
    /** Constant load with a little noise: most web APIs. */
    STEADY,
    /** Follows the working day: high 08:00–20:00 local time, low at night and on weekends. */
    DIURNAL,
    /** Low baseline with short bursts several times the baseline. */
    SPIKY,
    /** Busy one hour in six, idle otherwise. */
    BATCH,
    /** Memory grows until the limit, the container is OOM-killed and starts over. */
    LEAKING,
    /** Non-production: near zero outside weekday office hours. */
    OFF_HOURS,
    /** Uses almost nothing, all the time: the forgotten deployment of an idle namespace. */
    IDLE;

    static final ZoneId OFFICE_ZONE = ZoneId.of("Europe/Paris");

    /** Office-local time of an instant, computed once per simulated step rather than once per sample. */
    record LocalTime(Instant instant, double hour, boolean weekend) {
        static LocalTime of(Instant t) {
            ZonedDateTime local = t.atZone(OFFICE_ZONE);
            return new LocalTime(t, local.getHour() + local.getMinute() / 60.0,
                    local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY);
        }
    }

    double cpuFraction(Instant t, double noise, double burstDraw) {
        return cpuFraction(LocalTime.of(t), noise, burstDraw);
    }

    double cpuFraction(LocalTime time, double noise, double burstDraw) {
        Instant t = time.instant();
        double hour = time.hour();
        boolean weekend = time.weekend();
        double jitter = 1 + 0.08 * noise;
        return switch (this) {
            case STEADY, LEAKING -> Math.max(0.05, jitter);
            case DIURNAL -> {
                double day = weekend ? 0.35 : 0.25 + 0.75 * Math.max(0, Math.sin(Math.PI * (hour - 7) / 14));
                yield Math.max(0.05, day * jitter);
            }
            // every case has a floor: the noise is Gaussian, so a burst 3.5 standard deviations low came out negative
            // once and stopped a demo's simulator (a usage sample refuses negative CPU)
            case SPIKY -> burstDraw > 0.97 ? Math.max(0.05, 3.5 + noise) : Math.max(0.05, 0.6 * jitter);
            case BATCH -> (t.getEpochSecond() / 3600) % 6 == 0 ? Math.max(0.05, 2.0 * jitter) : 0.03;
            case OFF_HOURS -> !weekend && hour >= 8 && hour < 19 ? Math.max(0.1, jitter) : 0.01;
            case IDLE -> 0.01;
        };
    }

    double memoryFraction(LocalTime time, double noise, double leakPhase) {
        Instant t = time.instant();
        return switch (this) {
            case LEAKING -> 0.4 + 0.6 * leakPhase;
            case BATCH -> (t.getEpochSecond() / 3600) % 6 == 0 ? 1.0 + 0.02 * noise : 0.3;
            case OFF_HOURS -> cpuFraction(time, noise, 0) > 0.05 ? 1.0 + 0.02 * noise : 0.6;
            case IDLE -> 0.3;
            default -> 1.0 + 0.03 * noise;
        };
    }
}
