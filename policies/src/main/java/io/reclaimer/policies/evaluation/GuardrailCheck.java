package io.reclaimer.policies.evaluation;

/**
 * What one guardrail did to one decision, in words that go into the verdict's reasons:
 * {@code HELD} (checked, nothing to do), {@code ADJUSTED} (changed the action's parameters),
 * {@code BLOCKED} (lowered the outcome).
 */
public record GuardrailCheck(String guardrail, Status status, String message) {

    public enum Status { HELD, ADJUSTED, BLOCKED }

    /** The reason line: {@code guardrail change-freeze blocked: ...}. */
    public String line() {
        return "guardrail " + guardrail + " " + status.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
