package io.reclaimer.actions.ledger;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.request;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionLedgerTest {

    private final ActionLedger ledger = new ActionLedger();

    private static ActionRequest approval(String id) {
        return request(id, ActionType.DELETE, FindingKind.UNATTACHED_VOLUME, "aws/1/eu-west-1/vol-1",
                Map.of("state", "available"), Map.of("state", "deleted"), verdict(Outcome.APPROVE, Map.of(), "U1"), T0);
    }

    private static ActionResult result(String id, Status status, long atSeconds) {
        return new ActionResult(id, status, "", Map.of(), Map.of(), T0.plusSeconds(atSeconds));
    }

    @Test
    void thePhaseFollowsTheRequestItsDecisionsAndItsLatestResult() {
        ledger.apply(approval("a"));
        assertThat(ledger.get("a").orElseThrow().phase()).isEqualTo(Phase.PENDING_APPROVAL);
        ledger.apply(new ActionDecision("a", ActionDecision.Outcome.APPROVED, "slack:U1", T0.plusSeconds(1), ""));
        assertThat(ledger.get("a").orElseThrow().phase()).isEqualTo(Phase.APPROVED);
        assertThat(ledger.get("a").orElseThrow().approvedBy()).contains("slack:U1");
        ledger.apply(result("a", Status.STARTED, 2));
        assertThat(ledger.get("a").orElseThrow().phase()).isEqualTo(Phase.IN_FLIGHT);
        ledger.apply(result("a", Status.EXECUTED, 3));
        assertThat(ledger.get("a").orElseThrow().phase()).isEqualTo(Phase.EXECUTED);
        assertThat(ledger.realizedMonthlyUsd()).containsEntry(ActionType.DELETE, Map.of("prod-eu", 10.0));
        ledger.apply(result("a", Status.ROLLBACK_STARTED, 4));
        ledger.apply(result("a", Status.ROLLED_BACK, 5));
        assertThat(ledger.get("a").orElseThrow().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(ledger.realizedMonthlyUsd()).isEmpty();
    }

    @Test
    void reEvaluationsNeverDuplicateButEscalateADryRunAndReaskAfterASnooze() {
        ActionRequest dryRun = request("a", ActionType.DELETE, FindingKind.UNATTACHED_VOLUME, "t", Map.of(), Map.of(),
                verdict(Outcome.DRY_RUN, Map.of()), T0);
        assertThat(ledger.wants(dryRun, T0, Duration.ofHours(24))).isTrue();
        ledger.apply(dryRun);
        assertThat(ledger.wants(dryRun, T0, Duration.ofHours(24))).isFalse();
        ActionRequest approval = approval("a");
        assertThat(ledger.wants(approval, T0, Duration.ofHours(24))).isTrue();
        ledger.apply(approval);
        assertThat(ledger.wants(approval, T0, Duration.ofHours(24))).isFalse();

        ledger.apply(new ActionDecision("a", ActionDecision.Outcome.SNOOZED, "slack:U1", T0.plusSeconds(10), ""));
        assertThat(ledger.wants(approval, T0.plus(Duration.ofHours(1)), Duration.ofHours(24))).isFalse();
        assertThat(ledger.wants(approval, T0.plus(Duration.ofHours(25)), Duration.ofHours(24))).isTrue();
    }

    @Test
    void aRejectedOrExecutedActionIsNeverRequestedAgain() {
        ledger.apply(approval("a"));
        ledger.apply(new ActionDecision("a", ActionDecision.Outcome.REJECTED, "slack:U1", T0.plusSeconds(1), ""));
        assertThat(ledger.wants(approval("a"), T0.plus(Duration.ofDays(30)), Duration.ofHours(24))).isFalse();

        ledger.apply(approval("b"));
        ledger.apply(result("b", Status.STARTED, 1));
        assertThat(ledger.wants(approval("b"), T0.plus(Duration.ofDays(30)), Duration.ofHours(24))).isFalse();
    }

    @Test
    void decisionsOnAnEarlierRequestDoNotDecideTheCurrentOne() {
        ledger.apply(approval("a"));
        ledger.apply(new ActionDecision("a", ActionDecision.Outcome.SNOOZED, "slack:U1", T0.plusSeconds(1), ""));
        ActionRequest again = request("a", ActionType.DELETE, FindingKind.UNATTACHED_VOLUME, "t", Map.of(), Map.of(),
                verdict(Outcome.APPROVE, Map.of(), "U1"), T0.plus(Duration.ofDays(2)));
        ledger.apply(again);
        assertThat(ledger.get("a").orElseThrow().phase()).isEqualTo(Phase.PENDING_APPROVAL);
    }

    @Test
    void slackMessageReferencesComeBackFromTheAuditLogInAnyOrder() {
        ledger.apply(AuditEvents.of(T0, AuditEvents.SERVICE, ActionLedger.SLACK_MESSAGE_POSTED, "a", "posted", "",
                Map.of("channel", "C1", "ts", "1.2")));
        ledger.apply(approval("a"));
        assertThat(ledger.get("a").orElseThrow().message()).isEqualTo(new SlackMessage("C1", "1.2"));
    }

    @Test
    void countsGrantedRequestsForTheHourlyBudget() {
        ledger.apply(approval("a"));
        ledger.apply(request("b", ActionType.DELETE, FindingKind.UNATTACHED_VOLUME, "t", Map.of(), Map.of(),
                verdict(Outcome.DRY_RUN, Map.of()), T0));
        assertThat(ledger.grantedSince(T0.minusSeconds(1))).isEqualTo(1);
        assertThat(ledger.grantedSince(T0.plusSeconds(1))).isZero();
    }
}
