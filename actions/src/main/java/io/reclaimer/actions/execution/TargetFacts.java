package io.reclaimer.actions.execution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target's own labels, annotations and tags as a re-check read them, right before acting: what the
 * policy is judged on at that instant, because the findings feed may not have seen an owner's opt-out yet.
 */
public record TargetFacts(Map<String, String> labels, Map<String, String> annotations, Map<String, String> tags) {

    public static final TargetFacts NONE = new TargetFacts(Map.of(), Map.of(), Map.of());

    public TargetFacts {
        labels = copy(labels);
        annotations = copy(annotations);
        tags = copy(tags);
    }

    /** A Kubernetes object's labels and annotations. */
    public static TargetFacts kubernetes(Map<String, String> labels, Map<String, String> annotations) {
        return new TargetFacts(labels, annotations, Map.of());
    }

    /** A cloud resource's tags. */
    public static TargetFacts tags(Map<String, String> tags) {
        return new TargetFacts(Map.of(), Map.of(), tags);
    }

    private static Map<String, String> copy(Map<String, String> map) {
        // Kubernetes answers null for an object without labels; keep the order for audit lines
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
