package io.reclaimer.actions.execution;

/**
 * The execution-time gate's answer for one side effect: go ahead, hold it for now (a change freeze, the
 * hourly cap, a findings feed still catching up: retried on the next tick, audited once per reason), or
 * withdraw the request for good (the current policy, the finding, the target's opt-out or
 * {@code actions.dryRun} no longer allow it). {@code rule} names what decided: a policy rule
 * ({@code policy/rule}), a guardrail ({@code guardrail opt-out}), {@code actions.dryRun}, {@code finding-resolved}.
 * A proceed may carry a note (a person's rollback during a freeze) for the audit log.
 */
public record Permit(Kind kind, String reason, String rule) {

    public enum Kind { PROCEED, HOLD, WITHDRAW }

    private static final Permit PROCEED = new Permit(Kind.PROCEED, "", "");

    public Permit {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        reason = reason == null ? "" : reason;
        rule = rule == null ? "" : rule;
    }

    public static Permit proceed() {
        return PROCEED;
    }

    public static Permit proceed(String note) {
        return new Permit(Kind.PROCEED, note, "");
    }

    public static Permit hold(String reason) {
        return new Permit(Kind.HOLD, reason, "");
    }

    public static Permit hold(String reason, String rule) {
        return new Permit(Kind.HOLD, reason, rule);
    }

    public static Permit withdraw(String reason, String rule) {
        return new Permit(Kind.WITHDRAW, reason, rule);
    }

    public boolean proceeds() {
        return kind == Kind.PROCEED;
    }

    public boolean held() {
        return kind == Kind.HOLD;
    }

    public boolean withdrawn() {
        return kind == Kind.WITHDRAW;
    }
}
