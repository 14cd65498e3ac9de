package io.reclaimer.policies;

import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.policies.evaluation.RunPlan;
import io.reclaimer.policies.loading.PolicyTestCase;
import io.reclaimer.policies.loading.PolicyTestCase.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Runs stored test cases against an engine and says, per case, what differed from the expectation. */
final class PolicyTests {
    private PolicyTests() {
    }

    static PolicyTestReport.CaseResult run(PolicyEngine engine, PolicyTestCase testCase) {
        return testCase.run() ? runCase(engine, testCase) : singleCase(engine, testCase);
    }

    private static PolicyTestReport.CaseResult singleCase(PolicyEngine engine, PolicyTestCase testCase) {
        Decision decision = engine.evaluate(testCase.findings().get(0), testCase.context());
        PolicyVerdict verdict = decision.verdict();
        Expectation expect = testCase.expect();
        List<String> mismatches = new ArrayList<>();
        if (expect.outcome() != null && expect.outcome() != verdict.outcome()) {
            mismatches.add("outcome: expected " + expect.outcome().wireName() + ", got "
                    + verdict.outcome().wireName());
        }
        if (expect.action() != null && expect.action() != decision.action()) {
            mismatches.add("action: expected " + expect.action().wireName() + ", got "
                    + decision.action().wireName());
        }
        compare(mismatches, "policy", expect.policy(), verdict.policy());
        compare(mismatches, "rule", expect.rule(), verdict.rule());
        for (Map.Entry<String, String> entry : expect.parameters().entrySet()) {
            String actual = verdict.parameters().get(entry.getKey());
            if (!entry.getValue().equals(actual)) {
                mismatches.add("parameters." + entry.getKey() + ": expected '" + entry.getValue() + "', got "
                        + (actual == null ? "nothing" : "'" + actual + "'"));
            }
        }
        if (expect.approvers() != null && !expect.approvers().equals(verdict.approvers())) {
            mismatches.add("approvers: expected " + expect.approvers() + ", got " + verdict.approvers());
        }
        for (String fragment : expect.reasons()) {
            if (verdict.reasons().stream().noneMatch(reason -> reason.contains(fragment))) {
                mismatches.add("reasons: none contains '" + fragment + "'");
            }
        }
        return new PolicyTestReport.CaseResult(testCase, mismatches, decision.explain().lines().toList());
    }

    private static PolicyTestReport.CaseResult runCase(PolicyEngine engine, PolicyTestCase testCase) {
        RunPlan plan = engine.planRun(testCase.findings(), testCase.context());
        Expectation expect = testCase.expect();
        List<String> mismatches = new ArrayList<>();
        if (expect.stopped() != null && expect.stopped() != plan.stopped()) {
            mismatches.add("stopped: expected " + expect.stopped() + ", got " + plan.stopped());
        }
        for (String fragment : expect.alerts()) {
            if (plan.alerts().stream().noneMatch(alert -> alert.contains(fragment))) {
                mismatches.add("alerts: none contains '" + fragment + "'");
            }
        }
        List<Outcome> actual = plan.decisions().stream().map(Decision::outcome).toList();
        if (!expect.outcomes().isEmpty() && !expect.outcomes().equals(actual)) {
            mismatches.add("outcomes: expected " + wire(expect.outcomes()) + ", got " + wire(actual));
        }
        List<String> details = new ArrayList<>(plan.alerts());
        plan.decisions().forEach(d -> details.add(d.finding().id() + ": " + d.outcome().wireName() + " "
                + d.action().wireName()));
        return new PolicyTestReport.CaseResult(testCase, mismatches, details);
    }

    private static void compare(List<String> mismatches, String what, String expected, String actual) {
        if (expected != null && !Objects.equals(expected, actual)) {
            mismatches.add(what + ": expected '" + expected + "', got '" + actual + "'");
        }
    }

    private static List<String> wire(List<Outcome> outcomes) {
        return outcomes.stream().map(Outcome::wireName).toList();
    }
}
