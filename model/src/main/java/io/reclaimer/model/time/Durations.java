package io.reclaimer.model.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in flags, config and policy files, one grammar for all of them:
 * a number with a unit ({@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 7d}, {@code 2w}),
 * units combined from largest to smallest ({@code 1d12h}, {@code 1h30m}, {@code 1s500ms}), or ISO-8601
 * ({@code PT36H}, {@code P7D}). Units are lower case ({@code M} is not minutes), a bare number has no unit
 * and is refused, and so is a negative duration: nothing in Reclaimer waits a negative time.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile(
            "(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] MILLIS_PER_UNIT = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final String EXAMPLES = "500ms, 90s, 5m, 2h, 7d, 2w, 1d12h or PT36H";

    private Durations() {
    }

    /** The duration {@code text} names; {@link IllegalArgumentException} says what is wrong and shows the forms. */
    public static Duration parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "invalid duration '" + text + "': use e.g. " + EXAMPLES));
    }

    /** The duration {@code text} names, or empty when it is not one (blank, unknown unit, negative, overflowing). */
    public static Optional<Duration> tryParse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.charAt(0) == 'P' || value.charAt(0) == 'p') {
            try {
                Duration iso = Duration.parse(value);
                return iso.isNegative() ? Optional.empty() : Optional.of(iso);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        long millis = 0;
        try {
            for (int group = 1; group <= MILLIS_PER_UNIT.length; group++) {
                if (m.group(group) != null) {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(m.group(group)), MILLIS_PER_UNIT[group - 1]));
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(millis));
    }

    /**
     * The duration in the largest unit that holds it whole, for defaults and summaries: {@code 7d},
     * {@code 36h}, {@code 90m}, {@code 500ms}, {@code 0s}. Weeks are shown as days.
     */
    public static String inOneUnit(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 86_400_000 == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    /**
     * Compact, stable rendering in combined units to the second, for explanations: {@code 7d},
     * {@code 1d12h}, {@code 45m}, {@code 0s}; a negative duration gets a minus sign.
     */
    public static String compact(Duration duration) {
        if (duration.isNegative()) {
            return "-" + compact(duration.negated());
        }
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (secs > 0) {
            out.append(secs).append('s');
        }
        return out.toString();
    }
}
