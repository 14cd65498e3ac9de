package io.reclaimer.actions.permit;

import io.reclaimer.actions.flow.GateDecision;
import java.util.Optional;

/** The policy gate's answer for one finding right before acting, or why there is none. */
record Judgement(Optional<GateDecision> decision, String failure) {

    public static final Judgement NONE = new Judgement(Optional.empty(), "");

    Judgement {
        decision = decision == null ? Optional.empty() : decision;
        failure = failure == null ? "" : failure;
    }

    public static Judgement of(GateDecision decision) {
        return new Judgement(Optional.of(decision), "");
    }

    public static Judgement failed(String why) {
        return new Judgement(Optional.empty(), why);
    }
}
