package io.reclaimer.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Validation used by the record constructors; every failure names the offending field. */
public final class Require {
    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " must be a non-blank string");
        }
        return value;
    }

    /** A part of a '/'-separated key: non-blank and without '/'. */
    public static String segment(String value, String field) {
        text(value, field);
        if (value.indexOf('/') >= 0) {
            throw new InvalidEventException(field + " must not contain '/': " + value);
        }
        return value;
    }

    public static double nonNegative(double value, String field) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidEventException(field + " must be a finite number >= 0, was " + value);
        }
        return value;
    }

    public static Double nonNegativeOrNull(Double value, String field) {
        return value == null ? null : nonNegative(value, field);
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new InvalidEventException(field + " must be a finite number, was " + value);
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidEventException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    public static Long nonNegativeOrNull(Long value, String field) {
        return value == null ? null : nonNegative(value, field);
    }

    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new InvalidEventException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    public static double fraction(double value, String field) {
        if (!Double.isFinite(value) || value < 0 || value > 1) {
            throw new InvalidEventException(field + " must be within [0, 1], was " + value);
        }
        return value;
    }

    /** Labels, tags, evidence: never null, sorted so that equal maps serialize identically. */
    public static Map<String, String> map(Map<String, String> value, String field) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        value.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new InvalidEventException(field + " must not contain null keys or values");
            }
            sorted.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(sorted);
    }

    public static <T> List<T> list(List<T> value, String field) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        for (T element : value) {
            if (element == null) {
                throw new InvalidEventException(field + " must not contain null elements");
            }
        }
        return List.copyOf(value);
    }
}
