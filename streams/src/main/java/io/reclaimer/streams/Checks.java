package io.reclaimer.streams;

/**
 * Validation of configuration values, naming the option. Kept out of the config records so that nested records
 * do not initialise the outer class (and its defaults) while they are being initialised themselves.
 */
public final class Checks {

    private Checks() {
    }

    public static int atLeast(Integer value, int fallback, int min, String field) {
        int v = value == null ? fallback : value;
        if (v < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", was " + v);
        }
        return v;
    }

    public static double nonNegative(Double value, Double fallback, String field) {
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(field + " is required");
            }
            return fallback;
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be a number >= 0, was " + value);
        }
        return value;
    }

    public static double fraction(Double value, double fallback, String field) {
        double v = nonNegative(value, fallback, field);
        if (v > 1) {
            throw new IllegalArgumentException(field + " must be within [0, 1], was " + v);
        }
        return v;
    }
}
