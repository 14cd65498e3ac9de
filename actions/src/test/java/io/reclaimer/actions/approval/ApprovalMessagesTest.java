package io.reclaimer.actions.approval;

import static io.reclaimer.actions.support.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.util.json.GsonFactory;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalMessagesTest {

    private static final String REASON = "policy 'rightsizing' rule 'needs-approval' (rightsizing.yaml:12:7) selects this "
            + "overprovisioned-container: approve";

    private final ActionLedger ledger = new ActionLedger();

    private ActionRecord downsize() {
        ActionRequest request = new ActionRequest("downsize-abc", ActionType.DOWNSIZE, "f", FindingKind.OVERPROVISIONED_CONTAINER,
                "prod-eu/shop/Deployment/checkout/app", "prod-eu", "shop", "", "", Map.of("cpuRequestCores", "0.5",
                "memoryRequestBytes", String.valueOf(512L << 20)), Map.of("cpuRequestCores", "0.25",
                "memoryRequestBytes", String.valueOf(256L << 20), "limits", "proportional"), 42.5, 0.87,
                new PolicyVerdict(PolicyVerdict.Outcome.APPROVE, "rightsizing", "needs-approval",
                        List.of(REASON, "guardrail change-freeze held: no change freeze is active"), List.of("@finops"),
                        T0.plusSeconds(3600), Map.of()), T0);
        ledger.apply(request);
        return ledger.get("downsize-abc").orElseThrow();
    }

    private static String json(Object blocks) {
        return GsonFactory.createSnakeCase().toJson(blocks);
    }

    private ActionRecord downsizeWithWhatIf(WhatIfEstimate whatIf) {
        ActionRequest plain = downsize().request();
        ActionRequest request = new ActionRequest("downsize-what-if", plain.type(), plain.findingId(), plain.findingKind(),
                plain.target(), plain.cluster(), plain.namespace(), plain.account(), plain.region(), plain.currentState(),
                plain.proposedState(), plain.monthlyUsd(), plain.confidence(), plain.verdict(), plain.createdAt(), plain.identity(), whatIf);
        ledger.apply(request);
        return ledger.get("downsize-what-if").orElseThrow();
    }

    @Test
    void aDownsizeShowsTheWhatIfOfTheRecommendedValueAsAnEstimateFromTheState() {
        WhatIfEstimate whatIf = new WhatIfEstimate(0.25, 256L << 20, 0.8, 0.0512, 14, 1, 2,
                new WhatIfEstimate.Day(LocalDate.of(2026, 11, 2), 0.411, 2408L << 20), 42.5, T0);

        String json = json(ApprovalMessages.blocks(downsizeWithWhatIf(whatIf), true));

        assertThat(json).contains("*What-if at the recommended requests (CPU 250m, memory 256 MiB)*, estimated from the"
                        + " container\\u0027s state as of \\u003c!date^" + T0.getEpochSecond())
                .contains("not a replay of its samples")
                .contains("CPU: 0.80% of samples above it (recent days weigh most); throttled about 0.05% of the time"
                        + " were it the limit")
                .contains("memory: 1 of 14 days peaked above it (an OOM kill each), 2 came within 5% below")
                .contains("worst day 2026-11-02: peaks of CPU 411m, memory 2408 MiB");
        assertThat(ApprovalMessages.whatIf(new WhatIfEstimate(1.5, 1L << 30, 0, 0, 0, 0, 0, null, null, T0)))
                .contains("(CPU 1.5 cores, memory 1024 MiB)").contains("memory: no daily peak known yet")
                .doesNotContain("worst day");
    }

    @Test
    void aRequestWithoutAWhatIfHasNoWhatIfSection() {
        assertThat(json(ApprovalMessages.blocks(downsize(), true))).doesNotContain("What-if");
    }

    @Test
    void aRequestShowsTheChangeTheMoneyTheRiskAndThePolicysReasonsVerbatimWithThreeButtons() {
        String json = json(ApprovalMessages.blocks(downsize(), true));

        assertThat(json).contains("Approve: downsize prod-eu/shop/Deployment/checkout/app?")
                .contains("CPU request: 500m → 250m")
                .contains("memory request: 512 MiB → 256 MiB")
                .contains("$42.50 / month")
                .contains("*Risk*\\nmedium")
                .contains("*Confidence*\\n87%")
                .contains("rightsizing / needs-approval")
                .contains(REASON.replace("'", "\\u0027"))
                .contains("\"action_id\":\"reclaimer_approve\"", "\"action_id\":\"reclaimer_reject\"",
                        "\"action_id\":\"reclaimer_snooze\"")
                .contains("\"value\":\"downsize-abc\"")
                .doesNotContain("reclaimer_rollback");
        assertThat(ApprovalMessages.text(downsize())).isEqualTo(
                "Approve: downsize prod-eu/shop/Deployment/checkout/app? ($42.50/month)");
    }

    @Test
    void afterExecutionTheMessageShowsTheOutcomeAndARollbackButtonOnly() {
        downsize();
        ledger.apply(new io.reclaimer.model.actions.ActionDecision("downsize-abc",
                io.reclaimer.model.actions.ActionDecision.Outcome.APPROVED, "slack:U0ALICE", T0.plusSeconds(5), ""));
        ledger.apply(new ActionResult("downsize-abc", ActionResult.Status.STARTED, "", Map.of(), Map.of(), T0.plusSeconds(6)));
        ledger.apply(new ActionResult("downsize-abc", ActionResult.Status.EXECUTED, "executed", Map.of(), Map.of(),
                T0.plusSeconds(7)));
        String json = json(ApprovalMessages.blocks(ledger.get("downsize-abc").orElseThrow(), true));

        assertThat(json).contains("Executed: downsize").contains("*Approved* by \\u003c@U0ALICE\\u003e")
                .contains("*executed* at").contains("\"action_id\":\"reclaimer_rollback\"")
                .doesNotContain("reclaimer_approve");
    }

    @Test
    void anIrreversibleDeleteIsHighRisk() {
        ActionRequest lb = Fixtures.request("delete-lb", ActionType.DELETE, FindingKind.IDLE_LOAD_BALANCER, "aws/1/r/app/x/1",
                Map.of(), Map.of("state", "deleted"), Fixtures.verdict(PolicyVerdict.Outcome.APPROVE, Map.of(), "U1"), T0);
        assertThat(ApprovalMessages.risk(lb, false)).startsWith("high");
    }
}
