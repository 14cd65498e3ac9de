package io.reclaimer.policies.evaluation;

import java.time.Instant;
import java.util.List;

/**
 * The decisions of one evaluation run, in the order of the findings given. When a blast-radius cap is
 * exceeded the run is {@code stopped}: every decision is capped at dry-run (nothing is approved or
 * executed) and {@code alerts} say why, for the caller to raise instead of acting.
 */
public record RunPlan(Instant at, boolean stopped, List<String> alerts, List<Decision> decisions) {

    public RunPlan {
        alerts = List.copyOf(alerts);
        decisions = List.copyOf(decisions);
    }

    /** The decisions that lead to a change (approve or auto). Empty when the run stopped. */
    public List<Decision> actionable() {
        return decisions.stream().filter(Decision::actionable).toList();
    }
}
