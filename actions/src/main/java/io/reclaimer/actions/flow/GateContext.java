package io.reclaimer.actions.flow;

import io.reclaimer.model.findings.FindingKind;
import java.time.Instant;
import java.util.Map;

/**
 * The facts a policy gate may use besides the findings: the evaluation time (gates never read the clock),
 * how many actions were granted (approve or auto) in the last hour, and the population of each finding kind
 * for blast-radius percentages (empty: the gate counts the findings of the run, a stricter lower bound).
 */
public record GateContext(Instant now, int actionsLastHour, Map<FindingKind, Integer> populationByKind) {

    public GateContext {
        if (now == null) {
            throw new IllegalArgumentException("now is required");
        }
        if (actionsLastHour < 0) {
            throw new IllegalArgumentException("actionsLastHour must be >= 0");
        }
        populationByKind = populationByKind == null ? Map.of() : Map.copyOf(populationByKind);
    }

    public static GateContext at(Instant now, int actionsLastHour) {
        return new GateContext(now, actionsLastHour, Map.of());
    }
}
