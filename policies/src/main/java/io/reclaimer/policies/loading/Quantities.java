package io.reclaimer.policies.loading;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes-style quantities for the floors: {@code 10m} / {@code 0.5} cores, {@code 64Mi} / {@code 1G} bytes. */
final class Quantities {
    private static final Pattern SHAPE = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-zA-Z]*)");
    private static final Map<String, BigDecimal> SUFFIXES = Map.of(
            "", BigDecimal.ONE, "m", new BigDecimal("0.001"),
            "k", BigDecimal.valueOf(1_000L), "M", BigDecimal.valueOf(1_000_000L), "G", BigDecimal.valueOf(1_000_000_000L),
            "Ki", BigDecimal.valueOf(1L << 10), "Mi", BigDecimal.valueOf(1L << 20), "Gi", BigDecimal.valueOf(1L << 30),
            "Ti", BigDecimal.valueOf(1L << 40));

    private Quantities() {
    }

    static Optional<BigDecimal> parse(String text) {
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches() || !SUFFIXES.containsKey(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(m.group(1)).multiply(SUFFIXES.get(m.group(2))));
    }
}
