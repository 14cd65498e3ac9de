package io.reclaimer.model.labels;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every label, annotation and tag key Reclaimer reads or writes, in one place (as Strimzi's {@code Labels}):
 * a renamed key fails to compile instead of failing at run time. Kubernetes keys live under
 * {@code reclaimer.io/}; AWS tag keys under {@code reclaimer:} (a tag key may not contain {@code /} on every
 * service).
 */
public final class ReclaimerLabels {

    private ReclaimerLabels() {
    }

    /** The prefix of every Kubernetes label and annotation key Reclaimer owns. */
    public static final String PREFIX = "reclaimer.io/";

    /** Kubernetes label or annotation: never act on this object (any value but {@code "false"}). */
    public static final String EXCLUDE = "reclaimer.io/exclude";
    /** AWS tag: never act on this resource (any value but {@code "false"}). */
    public static final String EXCLUDE_TAG = "reclaimer:exclude";

    /**
     * Whether a resource opted out, and how: {@code label reclaimer.io/exclude=true}. Either key counts in
     * labels, annotations and tags, with any value but {@code false}, so a slightly wrong spelling of the value or
     * the place errs on the side of leaving the resource alone (the rule of the policies' opt-out guardrail).
     */
    public static Optional<String> optOut(Map<String, String> labels, Map<String, String> annotations,
                                          Map<String, String> tags) {
        return optOut("label", labels).or(() -> optOut("annotation", annotations)).or(() -> optOut("tag", tags));
    }

    private static Optional<String> optOut(String where, Map<String, String> values) {
        if (values == null) {
            return Optional.empty();
        }
        for (String key : new String[] {EXCLUDE, EXCLUDE_TAG}) {
            String value = values.get(key);
            if (value != null && !value.trim().toLowerCase(Locale.ROOT).equals("false")) {
                return Optional.of(where + " " + key + "=" + value);
            }
        }
        return Optional.empty();
    }

    /** Kubernetes annotation: scheduled for an operation after a grace period (mark-for-op). */
    public static final String MARKED_FOR_OP = "reclaimer.io/marked-for-op";
    /** AWS tag: scheduled for an operation after a grace period (mark-for-op). */
    public static final String MARKED_FOR_OP_TAG = "reclaimer:marked-for-op";

    /** AWS tag on a snapshot Reclaimer took before a delete, and on what a rollback re-created: the action id. */
    public static final String ACTION_ID_TAG = "reclaimer:action-id";
    /** AWS tag on a pre-delete snapshot: the volume it was taken from. */
    public static final String SOURCE_VOLUME_TAG = "reclaimer:source-volume";
    /**
     * AWS tag on a resource a rollback re-created or recovered: the action that was rolled back. A person undid
     * that action, so no policy acts on the resource again until a person removes the tag.
     */
    public static final String RESTORED_FROM_TAG = "reclaimer:restored-from-action";
    /** Kubernetes annotation with the same meaning, on a claim, volume object, workload or namespace a rollback restored. */
    public static final String RESTORED_FROM = "reclaimer.io/restored-from-action";

    /** Kubernetes annotation on an object Reclaimer last changed: the action id. */
    public static final String LAST_ACTION = "reclaimer.io/last-action";

    /** Namespace annotations of an off-hours schedule. */
    public static final String UPTIME_WINDOW = "reclaimer.io/uptime-window";
    public static final String TIME_ZONE = "reclaimer.io/time-zone";
    public static final String SCHEDULE_ACTION = "reclaimer.io/schedule-action";
    public static final String SCHEDULE_STATE = "reclaimer.io/schedule-state";
    /** Workload annotations a scheduled sleep leaves, so the wake restores exactly what it changed. */
    public static final String ORIGINAL_REPLICAS = "reclaimer.io/original-replicas";
    public static final String ORIGINAL_SUSPEND = "reclaimer.io/original-suspend";
    public static final String SLEPT_BY = "reclaimer.io/slept-by";

    /** Namespace annotation naming its environment (production, staging, ...). */
    public static final String ENVIRONMENT = "reclaimer.io/environment";

    /**
     * Workload annotation naming the Helm values mapping that holds its container's requests and limits, as
     * {@code values.yaml#path.to.resources} (relative to the directory the GitOps tool renders);
     * {@code reclaimer.io/values-path.<container>} names it for one container of several.
     */
    public static final String VALUES_PATH = "reclaimer.io/values-path";

    /** Owner routing of the weekly report. */
    public static final String OWNER_EMAIL = "reclaimer.io/owner-email";
    public static final String OWNER_EMAIL_TAG = "reclaimer:owner-email";
    public static final String TEAM = "reclaimer.io/team";
    public static final String TEAM_TAG = "reclaimer:team";
}
