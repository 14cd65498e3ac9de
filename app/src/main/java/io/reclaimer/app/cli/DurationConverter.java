package io.reclaimer.app.cli;

import io.reclaimer.model.time.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Lets options take {@code 60s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 {@code PT1H}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
