package io.reclaimer.actions.flow;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.findings.Finding;
import java.util.List;
import java.util.Map;

/** The gate of a service without policies: nothing is proposed, nothing is changed. */
public final class DenyAllGate implements PolicyGate {

    public static final String REASON = "no policy is configured (actions.policyDirectory): every action is denied";

    @Override
    public GatePlan plan(List<Finding> findings, GateContext context) {
        return new GatePlan(findings.stream().map(f -> new GateDecision(f, f.kind().action(),
                new PolicyVerdict(PolicyVerdict.Outcome.DENY, "", "", List.of(REASON), List.of(), null, Map.of())))
                .toList(), false, List.of());
    }

    @Override
    public String describe() {
        return "deny-all (no policies configured)";
    }
}
