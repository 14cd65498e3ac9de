package io.reclaimer.actions.execution;

/**
 * Fault-injection points of the exactly-once protocol, for tests that crash the service between an intent
 * and its result. Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface ExecutionProbe {

    ExecutionProbe NONE = (point, actionId) -> { };

    enum Point { AFTER_INTENT, AFTER_SIDE_EFFECT, AFTER_ROLLBACK_INTENT, AFTER_ROLLBACK_SIDE_EFFECT }

    void reached(Point point, String actionId);
}
