package io.reclaimer.policies.evaluation;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resources no policy may act on, whatever its rules say:
 *
 * <ul>
 *   <li>Owners opt a resource out with the label or annotation {@code reclaimer.io/exclude} or the cloud tag
 *       {@code reclaimer:exclude}. Any value except {@code false} counts ({@code "true"} is the documented one),
 *       and either key is honoured in labels, annotations and tags, so a slightly wrong spelling of the value or
 *       the place errs on the side of leaving the resource alone.</li>
 *   <li>A rollback marks what it restored with the tag {@code reclaimer:restored-from-action} or the annotation
 *       {@code reclaimer.io/restored-from-action} (the action's id): a person undid that action, and the restored
 *       resource, carrying the same tags, would match the same rule again within a minute. It stays alone until
 *       a person removes the mark (docs/actions.md, "Rollback"). Any value counts.</li>
 * </ul>
 */
final class OptOut {
    static final String LABEL = ReclaimerLabels.EXCLUDE;
    static final String TAG = ReclaimerLabels.EXCLUDE_TAG;

    private OptOut() {
    }

    /** Why no policy may act on the finding's resource, or empty. */
    static Optional<String> find(Finding finding) {
        return restored("label", finding.labels())
                .or(() -> restored("annotation", finding.annotations()))
                .or(() -> restored("tag", finding.tags()))
                .or(() -> excluded("label", finding.labels()))
                .or(() -> excluded("annotation", finding.annotations()))
                .or(() -> excluded("tag", finding.tags()));
    }

    private static Optional<String> excluded(String where, Map<String, String> values) {
        for (String key : new String[] {LABEL, TAG}) {
            String value = values.get(key);
            if (value != null && !value.trim().toLowerCase(Locale.ROOT).equals("false")) {
                return Optional.of("the resource opted out with " + where + " " + key + "=" + value);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> restored(String where, Map<String, String> values) {
        for (String key : new String[] {ReclaimerLabels.RESTORED_FROM, ReclaimerLabels.RESTORED_FROM_TAG}) {
            String value = values.get(key);
            if (value != null) {
                return Optional.of("a rollback restored this resource (" + where + " " + key + "=" + value
                        + "): no policy acts on it again until a person removes the " + where);
            }
        }
        return Optional.empty();
    }
}
