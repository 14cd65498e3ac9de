package io.reclaimer.model.actions;

import java.util.Locale;
import java.util.Optional;

/**
 * What an action does to its target. Events carry the constant's name ({@code "DOWNSIZE"}); policies, the
 * verdict's {@code action} parameter, action ids and audit details use the {@link #wireName()}.
 */
public enum ActionType {
    /** Lower container requests (and limits) of a workload. */
    DOWNSIZE,
    /** Scale a workload to zero outside an uptime window and back inside it. */
    SCHEDULE,
    /** Delete (or release) an orphaned resource. */
    DELETE,
    /** Tag or annotate a resource now so it can be acted on after a grace period (Custodian's mark-for-op). */
    MARK_FOR_OP;

    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** {@code downsize}, {@code schedule}, {@code delete}, {@code mark-for-op}. */
    public String wireName() {
        return wireName;
    }

    /** The type whose {@link #wireName()} is {@code text}, if any. */
    public static Optional<ActionType> fromWireName(String text) {
        for (ActionType type : values()) {
            if (type.wireName.equals(text)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
