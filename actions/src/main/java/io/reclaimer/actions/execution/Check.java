package io.reclaimer.actions.execution;

import java.util.Map;
import java.util.Optional;

/**
 * What a re-check of the target found right before acting (or rolling back).
 *
 * <ul>
 *   <li>{@code ORIGINAL}: the target is as the request saw it; {@code previousState} is what was observed
 *       (what a rollback restores) and {@code plannedState} what the change will make of it.</li>
 *   <li>{@code DONE}: the target is already in the proposed state.</li>
 *   <li>{@code CHANGED}: someone else changed it; {@code reason} says how. Acting now would be acting blind.</li>
 * </ul>
 *
 * <p>{@code facts} are the target's labels, annotations or tags as read by the same re-check (absent when
 * the executor does not report them): the execution-time gate judges the policy on them, not on what the
 * findings feed last saw.
 */
public record Check(State state, String reason, Map<String, String> previousState, Map<String, String> plannedState,
                    TargetFacts facts) {

    public enum State { ORIGINAL, DONE, CHANGED }

    public Check {
        reason = reason == null ? "" : reason;
        previousState = previousState == null ? Map.of() : Map.copyOf(previousState);
        plannedState = plannedState == null ? Map.of() : Map.copyOf(plannedState);
    }

    public Check(State state, String reason, Map<String, String> previousState, Map<String, String> plannedState) {
        this(state, reason, previousState, plannedState, null);
    }

    public static Check original(Map<String, String> previousState, Map<String, String> plannedState) {
        return new Check(State.ORIGINAL, "", previousState, plannedState);
    }

    public static Check done(String reason, Map<String, String> observed) {
        return new Check(State.DONE, reason, observed, Map.of());
    }

    public static Check changed(String reason, Map<String, String> observed) {
        return new Check(State.CHANGED, reason, observed, Map.of());
    }

    public static Check changed(String reason) {
        return changed(reason, Map.of());
    }

    /** The same check, with the target's labels, annotations or tags it read. */
    public Check withFacts(TargetFacts observed) {
        return new Check(state, reason, previousState, plannedState, observed);
    }

    /** What the re-check read of the target's labels, annotations and tags, if the executor reports it. */
    public Optional<TargetFacts> observedFacts() {
        return Optional.ofNullable(facts);
    }
}
