package io.reclaimer.actions.flow;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.flow.ActionPlanner.Planned;
import io.reclaimer.actions.flow.ActionPlanner.Proposed;
import io.reclaimer.actions.flow.ActionPlanner.Skipped;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning refuses what execution could not do or should not do, with the reason. */
class WorkloadAwarePlanningTest {

    private final ActionPlanner planner = new ActionPlanner(false, Duration.ofHours(72), (kind, type) -> true);

    @Test
    void anHpaScalingOnCpuKeepsTheCpuRequestNeitherIsCutAlone() {
        Map<String, String> evidence = new HashMap<>(Map.of("cpuRequestCores", "1", "cpuTargetCores", "0.2",
                "memoryRequestBytes", "1073741824", "memoryTargetBytes", "536870912", "hpaScalesOnCpu", "true"));
        Planned both = plan("Deployment", evidence);
        assertThat(both).isInstanceOf(Proposed.class);
        assertThat(((Proposed) both).request().proposedState()).doesNotContainKey("cpuRequestCores")
                .containsEntry("memoryRequestBytes", "536870912");

        evidence.put("memoryTargetBytes", "1073741824");
        Planned cpuOnly = plan("Deployment", evidence);
        assertThat(cpuOnly).isInstanceOf(Skipped.class);
        assertThat(((Skipped) cpuOnly).reason()).endsWith("the CPU request is left alone: an HPA scales on CPU "
                + "utilisation, and cutting the request without adjusting its target in the same change would make it scale out");
    }

    @Test
    void jobsRolloutsReplicaSetsAndPodsAreRefusedAtPlanningAndCronJobsAreNot() {
        Map<String, String> evidence = Map.of("cpuRequestCores", "1", "cpuTargetCores", "0.2");
        assertThat(((Skipped) plan("Job", evidence)).reason()).startsWith("not downsized: a Job's pod template cannot be changed");
        assertThat(((Skipped) plan("Rollout", evidence)).reason()).startsWith("not downsized: Argo Rollouts are not edited live");
        assertThat(((Skipped) plan("ReplicaSet", evidence)).reason()).contains("downsize the Deployment");
        assertThat(((Skipped) plan("Pod", evidence)).reason()).contains("bare Pod");
        assertThat(plan("CronJob", evidence)).isInstanceOf(Proposed.class);
        assertThat(plan("StatefulSet", evidence)).isInstanceOf(Proposed.class);
    }

    private Planned plan(String kind, Map<String, String> evidence) {
        String key = "prod-eu/shop/" + kind + "/web/app";
        Finding finding = new Finding(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, key),
                FindingKind.OVERPROVISIONED_CONTAINER, key, "Container", "app", "kubernetes", "prod-eu", "shop", "", "",
                30, T0.minusSeconds(86400), T0, 0.9, evidence, Map.of(), Map.of(), Map.of());
        return planner.plan(new GateDecision(finding, ActionType.DOWNSIZE, verdict(Outcome.AUTO, Map.of())), null, T0);
    }
}
