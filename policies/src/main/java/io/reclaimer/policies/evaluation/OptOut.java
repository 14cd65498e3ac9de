package io.reclaimer.policies.evaluation;

import io.reclaimer.model.findings.Finding;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Owners opt a resource out with the label or annotation {@code reclaimer.io/exclude} or the cloud tag
 * {@code reclaimer:exclude}. Any value except {@code false} counts ({@code "true"} is the documented
 * one), and either key is honoured in labels, annotations and tags, so a slightly wrong spelling of the
 * value or the place errs on the side of leaving the resource alone.
 */
final class OptOut {
    static final String LABEL = "reclaimer.io/exclude";
    static final String TAG = "reclaimer:exclude";

    private OptOut() {
    }

    static Optional<String> find(Finding finding) {
        return first("label", finding.labels())
                .or(() -> first("annotation", finding.annotations()))
                .or(() -> first("tag", finding.tags()));
    }

    private static Optional<String> first(String where, Map<String, String> values) {
        for (String key : new String[] {LABEL, TAG}) {
            String value = values.get(key);
            if (value != null && !value.trim().toLowerCase(Locale.ROOT).equals("false")) {
                return Optional.of(where + " " + key + "=" + value);
            }
        }
        return Optional.empty();
    }
}
