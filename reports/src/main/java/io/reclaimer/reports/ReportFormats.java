package io.reclaimer.reports;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How amounts read in the report, shared by the HTML, the text part and the CSV: {@code $1,234.56},
 * {@code 250m} cores, {@code 512Mi}, {@code 80%}. Registered in Pebble as the filters {@code usd},
 * {@code signedUsd}, {@code cores}, {@code mib} and {@code percent}; public because Pebble calls them reflectively.
 */
final class ReportFormats extends AbstractExtension {

    private static final double MIB = 1024 * 1024;

    public static String usd(double amount) {
        return String.format(Locale.US, "$%,.2f", amount);
    }

    public static String signedUsd(Double amount) {
        if (amount == null) {
            return "n/a";
        }
        if (Math.abs(amount) < 0.005) {
            return "±$0.00";
        }
        return (amount > 0 ? "+" : "−") + usd(Math.abs(amount));
    }

    public static String cores(Double cores) {
        return cores == null ? "none" : String.format(Locale.US, "%dm", Math.round(cores * 1000));
    }

    public static String mib(Long bytes) {
        return bytes == null ? "none" : String.format(Locale.US, "%dMi", Math.round(bytes / MIB));
    }

    public static String percent(double fraction) {
        return String.format(Locale.US, "%d%%", Math.round(fraction * 100));
    }

    @Override
    public Map<String, Filter> getFilters() {
        return Map.of(
                "usd", filter(v -> usd(((Number) v).doubleValue())),
                "signedUsd", filter(v -> signedUsd(v == null ? null : ((Number) v).doubleValue())),
                "cores", filter(v -> cores(v == null ? null : ((Number) v).doubleValue())),
                "mib", filter(v -> mib(v == null ? null : ((Number) v).longValue())),
                "percent", filter(v -> percent(((Number) v).doubleValue())));
    }

    private static Filter filter(java.util.function.Function<Object, String> format) {
        return new Filter() {
            @Override
            public List<String> getArgumentNames() {
                return List.of();
            }

            @Override
            public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                                int lineNumber) {
                return format.apply(input);
            }
        };
    }
}
