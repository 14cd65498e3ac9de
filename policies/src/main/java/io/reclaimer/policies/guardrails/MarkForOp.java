package io.reclaimer.policies.guardrails;

import io.reclaimer.model.labels.ReclaimerLabels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * How a resource carries its mark-for-op (Cloud Custodian's grace period): the executor writes the
 * marking instant (ISO-8601, UTC) as a Kubernetes annotation {@value ReclaimerLabels#MARKED_FOR_OP} or an
 * AWS tag {@value ReclaimerLabels#MARKED_FOR_OP_TAG}; the collectors copy it into the finding's annotations /
 * tags, where the engine reads it.
 * The actions service removes the mark when the finding is resolved (the resource is used again).
 */
public final class MarkForOp {

    private MarkForOp() {
    }

    /** The raw mark value, if the resource carries one (annotation first, then tags under either key). */
    public static Optional<String> rawMark(Map<String, String> annotations, Map<String, String> tags) {
        String value = annotations.get(ReclaimerLabels.MARKED_FOR_OP);
        if (value == null) {
            value = tags.get(ReclaimerLabels.MARKED_FOR_OP_TAG);
        }
        if (value == null) {
            value = tags.get(ReclaimerLabels.MARKED_FOR_OP);
        }
        return Optional.ofNullable(value);
    }

    /** The marking instant, empty when the value is not an ISO-8601 instant. */
    public static Optional<Instant> parse(String value) {
        try {
            return Optional.of(Instant.parse(value.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
