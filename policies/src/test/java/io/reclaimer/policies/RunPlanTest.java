package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.NOW;
import static io.reclaimer.policies.Fixtures.finding;
import static io.reclaimer.policies.Fixtures.guardrails;
import static io.reclaimer.policies.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.policies.evaluation.RunPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One evaluation cycle: blast radius per kind stops the run; the hourly budget goes to the biggest savings. */
class RunPlanTest {

    @TempDir
    Path dir;

    private PolicyEngine engine(String guardrailsSpec) {
        return Fixtures.engine(dir, "g.yaml", guardrails(guardrailsSpec),
                "p.yaml", policy("yolo", "    - name: everything\n      decision: auto\n"));
    }

    private static List<Finding> schedules(int count) {
        return IntStream.range(0, count).mapToObj(i -> finding(FindingKind.OFF_HOURS_SCHEDULE).name("w" + i)
                .monthlyUsd(10 + i).build()).toList();
    }

    @Test
    void exceedingTheShareOfAKindsPopulationStopsTheRunAndAlerts() {
        RunPlan plan = engine("  blastRadius: {maxCount: 100, maxPercent: 10}\n").planRun(schedules(3),
                EvaluationContext.at(NOW).withPopulation(FindingKind.OFF_HOURS_SCHEDULE, 20));
        assertThat(plan.stopped()).isTrue();
        assertThat(plan.alerts()).containsExactly("run stopped by blast radius: 3 off-hours-schedule actions exceed the 2 "
                + "allowed (max 100, 10% of 20 off-hours-schedule resources); nothing was approved or executed");
        assertThat(plan.decisions()).extracting(Decision::outcome).containsOnly(Outcome.DRY_RUN);
        assertThat(plan.actionable()).isEmpty();
        assertThat(plan.decisions().get(0).verdict().reasons()).contains("guardrail blast-radius blocked: " + plan.alerts().get(0));
    }

    @Test
    void exceedingTheAbsoluteCountStopsTheRun() {
        RunPlan plan = engine("  blastRadius: {maxCount: 2, maxPercent: 100}\n").planRun(schedules(3),
                EvaluationContext.at(NOW).withPopulation(FindingKind.OFF_HOURS_SCHEDULE, 1000));
        assertThat(plan.stopped()).isTrue();
    }

    @Test
    void withinTheCapsTheRunProceedsAndSaysHowMuchRoomWasLeft() {
        RunPlan plan = engine("  blastRadius: {maxCount: 5, maxPercent: 50}\n").planRun(schedules(3),
                EvaluationContext.at(NOW).withPopulation(FindingKind.OFF_HOURS_SCHEDULE, 10));
        assertThat(plan.stopped()).isFalse();
        assertThat(plan.actionable()).hasSize(3);
        assertThat(plan.decisions().get(0).verdict().reasons()).contains("guardrail blast-radius held: 3 off-hours-schedule "
                + "actions in this run, 5 allowed (max 5, 50% of 10 off-hours-schedule resources)");
    }

    @Test
    void perKindCapsOverrideTheDefaultAndAtLeastOneActionIsAllowedBySharePerRun() {
        PolicyEngine engine = engine("""
                  blastRadius:
                    maxCount: 10
                    maxPercent: 1
                    perKind:
                      off-hours-schedule: {maxCount: 0}
                """);
        List<Finding> oneVolume = List.of(finding(FindingKind.UNUSED_PVC).build());
        assertThat(engine.planRun(oneVolume, EvaluationContext.at(NOW).withPopulation(FindingKind.UNUSED_PVC, 5))
                .stopped()).as("1% of 5 rounds down, but one action is always allowed").isFalse();
        assertThat(engine.planRun(schedules(1), EvaluationContext.at(NOW)).stopped()).as("maxCount 0 forbids the kind")
                .isTrue();
    }

    @Test
    void anUnknownPopulationCountsOnlyTheFindingsOfTheRunWhichIsStricter() {
        RunPlan plan = engine("  blastRadius: {maxCount: 100, maxPercent: 50}\n").planRun(schedules(4), EvaluationContext.at(NOW));
        assertThat(plan.stopped()).isTrue();
        assertThat(plan.alerts().get(0)).contains("50% of 4 off-hours-schedule resources (population unknown: counted the "
                + "findings of this run)");
    }

    @Test
    void deniedAndDryRunDecisionsDoNotCountTowardsTheBlastRadius() {
        List<Finding> protectedOnes = IntStream.range(0, 5).mapToObj(i -> finding(FindingKind.OFF_HOURS_SCHEDULE)
                .name("w" + i).namespace("kube-system").build()).toList();
        RunPlan plan = engine("  blastRadius: {maxCount: 1, maxPercent: 100}\n").planRun(protectedOnes, EvaluationContext.at(NOW));
        assertThat(plan.stopped()).isFalse();
        assertThat(plan.decisions()).extracting(Decision::outcome).containsOnly(Outcome.DENY);
    }

    @Test
    void theHourlyBudgetGoesToTheBiggestSavingsAndTheOrderOfFindingsIsKept() {
        RunPlan plan = engine("  maxActionsPerHour: 3\n  blastRadius: {maxCount: 100, maxPercent: 100}\n")
                .planRun(schedules(4), EvaluationContext.at(NOW).withActionsLastHour(1));
        assertThat(plan.stopped()).isFalse();
        assertThat(plan.decisions()).extracting(d -> d.finding().resourceName()).containsExactly("w0", "w1", "w2", "w3");
        assertThat(plan.decisions()).extracting(Decision::outcome)
                .containsExactly(Outcome.DRY_RUN, Outcome.DRY_RUN, Outcome.AUTO, Outcome.AUTO);
        assertThat(plan.decisions().get(3).verdict().reasons())
                .contains("guardrail max-actions-per-hour held: action 2 of 3 allowed in the last hour");
    }

    @Test
    void planningIsDeterministic() {
        PolicyEngine engine = engine("  maxActionsPerHour: 2\n");
        EvaluationContext context = EvaluationContext.at(NOW).withPopulation(FindingKind.OFF_HOURS_SCHEDULE, 100);
        assertThat(engine.planRun(schedules(5), context)).isEqualTo(engine.planRun(schedules(5), context));
    }
}
