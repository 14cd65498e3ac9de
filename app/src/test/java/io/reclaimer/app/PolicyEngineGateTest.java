package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.flow.GateContext;
import io.reclaimer.actions.flow.GatePlan;
import io.reclaimer.app.runtime.DefaultPolicies;
import io.reclaimer.app.runtime.PolicyEngineGate;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies engine behind the actions module's gate, with the default library. */
class PolicyEngineGateTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    private static Finding container(String cluster, double confidence) {
        String key = cluster + "/shop/Deployment/checkout/app";
        return new Finding(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, key), FindingKind.OVERPROVISIONED_CONTAINER,
                key, "Container", "app", "kubernetes", cluster, "shop", "", "", 40.0, NOW.minusSeconds(86400 * 14), NOW,
                confidence, Map.of("cpuRequestCores", "1", "cpuTargetCores", "0.4", "memoryRequestBytes", "1073741824",
                "memoryTargetBytes", "536870912"), Map.of(), Map.of(), Map.of());
    }

    private static Finding volume() {
        String key = "aws/123456789012/eu-west-1/vol-0abc";
        return new Finding(Finding.idFor(FindingKind.UNATTACHED_VOLUME, key), FindingKind.UNATTACHED_VOLUME, key,
                "EbsVolume", "vol-0abc", "aws", "", "", "123456789012", "eu-west-1", 8.0, NOW.minusSeconds(86400 * 30), NOW,
                null, Map.of("state", "available"), Map.of(), Map.of(), Map.of());
    }

    @Test
    void theDefaultLibraryAsksForApprovalsMarksFirstAndRecordsTheRest() {
        PolicyEngineGate gate = PolicyEngineGate.load(DefaultPolicies.locate(dir));

        GatePlan plan = gate.plan(List.of(container("dev-eu", 0.9), container("dev-us", 0.3), volume()),
                GateContext.at(NOW, 0));

        assertThat(plan.stopped()).isFalse();
        assertThat(plan.decisions()).hasSize(3);
        assertThat(plan.decisions().get(0).verdict().outcome()).isEqualTo(Outcome.APPROVE);
        assertThat(plan.decisions().get(0).action()).isEqualTo(ActionType.DOWNSIZE);
        assertThat(plan.decisions().get(0).verdict().approvers()).containsExactly("@finops-approvers");
        assertThat(plan.decisions().get(0).verdict().parameters()).containsKey("cpuRequestCores");
        assertThat(plan.decisions().get(1).verdict().outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(plan.decisions().get(2).action()).isEqualTo(ActionType.MARK_FOR_OP);
        assertThat(gate.executionBlocker(GateContext.at(NOW, 0))).isEmpty();
        assertThat(gate.executionBlocker(GateContext.at(Instant.parse("2026-12-24T10:00:00Z"), 0))).isPresent();
        assertThat(gate.describe()).startsWith("policies at ");
    }

    @Test
    void rightBeforeActingTheGateJudgesOneFindingWithoutTheFreezeWhichOnlyHoldsIt() {
        PolicyEngineGate gate = PolicyEngineGate.load(DefaultPolicies.locate(dir));
        Instant yearEnd = Instant.parse("2026-12-24T10:00:00Z");

        assertThat(gate.plan(List.of(container("dev-eu", 0.9)), GateContext.at(yearEnd, 0)).decisions().get(0).verdict()
                .outcome()).as("planned during the freeze: recorded only").isEqualTo(Outcome.DRY_RUN);
        assertThat(gate.judge(container("dev-eu", 0.9), GateContext.at(yearEnd, 0)).verdict().outcome())
                .as("judged right before acting: still allowed, the freeze holds it").isEqualTo(Outcome.APPROVE);
        assertThat(gate.executionBlocker(GateContext.at(yearEnd, 0))).isPresent();

        Finding optedOut = new Finding(container("dev-eu", 0.9).id(), FindingKind.OVERPROVISIONED_CONTAINER,
                "dev-eu/shop/Deployment/checkout/app", "Container", "app", "kubernetes", "dev-eu", "shop", "", "", 40.0,
                NOW.minusSeconds(86400 * 14), NOW, 0.9, container("dev-eu", 0.9).evidence(),
                Map.of("reclaimer.io/exclude", "true"), Map.of(), Map.of());
        assertThat(gate.judge(optedOut, GateContext.at(NOW, 0)).verdict().outcome()).isEqualTo(Outcome.DENY);
    }
}
