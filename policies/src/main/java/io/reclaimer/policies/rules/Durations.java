package io.reclaimer.policies.rules;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in policy files: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d},
 * {@code 2w}, combinations such as {@code 1d12h}, or ISO-8601 ({@code PT36H}, {@code P7D}).
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(trimmed));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(trimmed);
        if (!m.matches()) {
            return Optional.empty();
        }
        long[] perUnit = {7 * 86_400L, 86_400L, 3_600L, 60L, 1L};
        long seconds = 0;
        try {
            for (int group = 1; group <= 5; group++) {
                if (m.group(group) != null) {
                    seconds = Math.addExact(seconds, Math.multiplyExact(Long.parseLong(m.group(group)), perUnit[group - 1]));
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    /** Compact, stable rendering for explanations: {@code 7d}, {@code 1d12h}, {@code 45m}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
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
