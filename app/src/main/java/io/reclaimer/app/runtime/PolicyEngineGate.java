package io.reclaimer.app.runtime;

import io.reclaimer.actions.flow.GateContext;
import io.reclaimer.actions.flow.GateDecision;
import io.reclaimer.actions.flow.GatePlan;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.policies.Policies;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.policies.evaluation.RunPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The policy engine (module {@code policies}) as the actions service's {@link PolicyGate}: a cycle is one
 * {@code planRun} (blast radius and hourly budget across the cycle), the judgement right before acting is
 * {@code evaluateForExecution} (everything but freezes and caps), and the execution blocker is the engine's
 * own (change freezes, hourly cap). The actions module never sees the engine's types.
 */
public final class PolicyEngineGate implements PolicyGate {

    private final PolicyEngine engine;
    private final Path source;

    public PolicyEngineGate(PolicyEngine engine, Path source) {
        this.engine = engine;
        this.source = source;
    }

    /** Loads the policy set; {@code PolicyLoadException} names every problem as file:line:column. */
    public static PolicyEngineGate load(Path path) {
        return new PolicyEngineGate(Policies.engine(path), path);
    }

    @Override
    public GatePlan plan(List<Finding> findings, GateContext context) {
        RunPlan plan = engine.planRun(findings, evaluation(context));
        return new GatePlan(plan.decisions().stream().map(d -> new GateDecision(d.finding(), d.action(), d.verdict()))
                .toList(), plan.stopped(), plan.alerts());
    }

    /** {@code PolicyEngine.evaluateForExecution}: freezes and the hourly cap are the execution blocker's. */
    @Override
    public GateDecision judge(Finding finding, GateContext context) {
        Decision decision = engine.evaluateForExecution(finding, evaluation(context));
        return new GateDecision(decision.finding(), decision.action(), decision.verdict());
    }

    @Override
    public Optional<String> executionBlocker(GateContext context) {
        return engine.executionBlocker(evaluation(context));
    }

    private static EvaluationContext evaluation(GateContext context) {
        return new EvaluationContext(context.now(), context.actionsLastHour(), context.populationByKind());
    }

    @Override
    public String describe() {
        return "policies at " + source;
    }
}
