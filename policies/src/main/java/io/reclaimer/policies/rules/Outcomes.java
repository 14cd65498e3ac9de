package io.reclaimer.policies.rules;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import java.util.Optional;

/**
 * Policy-file spelling of {@link Outcome} and the restrictiveness order guardrails rely on:
 * {@code deny} (nothing happens) &gt; {@code dry-run} (recorded only) &gt; {@code approve} (a human decides)
 * &gt; {@code auto}. A guardrail can only move an outcome towards {@code deny}, never away from it.
 */
public final class Outcomes {
    private Outcomes() {
    }

    public static Optional<Outcome> parse(String text) {
        for (Outcome outcome : Outcome.values()) {
            if (outcome.wireName().equals(text)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }

    /** Higher is more restrictive. */
    public static int restrictiveness(Outcome outcome) {
        return switch (outcome) {
            case DENY -> 3;
            case DRY_RUN -> 2;
            case APPROVE -> 1;
            case AUTO -> 0;
        };
    }

    /** The more restrictive of the two. */
    public static Outcome atMost(Outcome outcome, Outcome cap) {
        return restrictiveness(outcome) >= restrictiveness(cap) ? outcome : cap;
    }

    /** Approve and auto lead to a change in the world; deny and dry-run do not. */
    public static boolean actionable(Outcome outcome) {
        return outcome == Outcome.APPROVE || outcome == Outcome.AUTO;
    }
}
