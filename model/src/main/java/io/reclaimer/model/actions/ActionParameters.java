package io.reclaimer.model.actions;

import java.util.Map;

/**
 * The keys of {@link PolicyVerdict#parameters()} (what the policy engine decided, docs/policies.md "Verdict
 * parameters") and of {@link ActionRequest#currentState()} / {@link ActionRequest#proposedState()} (what the
 * planner asks the executor to check and change), in one place: the policy engine, the planner, the approval
 * messages and the executors all use these constants, so a renamed key fails to compile.
 */
public final class ActionParameters {

    private ActionParameters() {
    }

    /** Verdict: the action's {@link ActionType#wireName()}. */
    public static final String ACTION = "action";

    // ---- downsize
    /** Verdict: {@value #DOWNSIZE_TO_TARGET} (default) or {@value #DOWNSIZE_TO_UPPER_BOUND}. */
    public static final String DOWNSIZE_TO = "downsizeTo";
    public static final String DOWNSIZE_TO_TARGET = "target";
    public static final String DOWNSIZE_TO_UPPER_BOUND = "upperBound";
    /** Verdict, current and proposed state: the per-pod CPU request in cores (plain decimal). */
    public static final String CPU_REQUEST_CORES = "cpuRequestCores";
    /** Verdict, current and proposed state: the per-pod memory request in bytes (plain decimal). */
    public static final String MEMORY_REQUEST_BYTES = "memoryRequestBytes";
    /** Verdict and proposed state: {@value #LIMITS_PROPORTIONAL} (default), {@code drop-cpu} or {@code keep}. */
    public static final String LIMITS = "limits";
    public static final String LIMITS_PROPORTIONAL = "proportional";

    // ---- schedule
    /** Verdict and proposed state: the uptime window, e.g. {@code Mon-Fri 07:00-20:00}. */
    public static final String SCHEDULE_WINDOW = "scheduleWindow";
    /** Verdict and proposed state: the window's IANA time zone (default {@code UTC}). */
    public static final String TIME_ZONE = "timeZone";
    /** Current state of a schedule: {@code none} before one is installed. */
    public static final String SCHEDULE = "schedule";

    // ---- delete and mark-for-op
    /** Verdict and proposed state of a volume delete: {@code true} unless a rule said {@code false}. */
    public static final String SNAPSHOT = "snapshot";
    /** Verdict and proposed state: the grace period in days. */
    public static final String GRACE_DAYS = "graceDays";
    /** Verdict and proposed state of a mark-for-op: the tag or annotation key and the marking instant. */
    public static final String MARK_KEY = "markKey";
    public static final String MARK_VALUE = "markValue";
    /** Verdict and proposed state of a mark-for-op: when the delete may follow. */
    public static final String ACT_AFTER = "actAfter";
    /** Current state of a mark-for-op: {@code none}. */
    public static final String MARK = "mark";
    /** Current and proposed state of a delete: {@code available}, {@code deleted}, {@code released}... */
    public static final String STATE = "state";
    /** Current state of an address release: the public IP (copied from the finding's evidence). */
    public static final String PUBLIC_IP = "publicIp";
    /** Current state of a load balancer delete: its type and name (copied from the finding's evidence). */
    public static final String LOAD_BALANCER_TYPE = "type";
    public static final String LOAD_BALANCER_NAME = "name";

    /** Whether a volume delete snapshots first: always, unless the state says {@code snapshot=false}. */
    public static boolean snapshotFirst(Map<String, String> state) {
        return !"false".equals(state.get(SNAPSHOT));
    }
}
