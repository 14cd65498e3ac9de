package io.reclaimer.actions.flow;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.flow.ActionPlanner.Planned;
import io.reclaimer.actions.flow.ActionPlanner.Proposed;
import io.reclaimer.actions.flow.ActionPlanner.Skipped;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionPlannerTest {

    private final ActionPlanner planner = new ActionPlanner(false, Duration.ofHours(72), (kind, type) -> true);

    private ActionRequest propose(ActionPlanner p, Finding finding, PolicyVerdict verdict, Recommendation rec) {
        Planned planned = p.plan(new GateDecision(finding, finding.kind().action(), verdict), rec, T0);
        assertThat(planned).isInstanceOf(Proposed.class);
        return ((Proposed) planned).request();
    }

    @Test
    void sameFindingAndSameProposedStateGetTheSameActionIdEvenWhenTheVerdictChanges() {
        Finding finding = Fixtures.overprovisioned("prod-eu", "shop", "checkout", "app", "0.5", "536870912");
        ActionRequest first = propose(planner, finding, verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.25")), null);
        ActionRequest again = propose(planner, finding, verdict(Outcome.APPROVE, Map.of("cpuRequestCores", "0.25"), "@finops"),
                null);
        ActionRequest other = propose(planner, finding, verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.3")), null);

        assertThat(again.actionId()).isEqualTo(first.actionId()).startsWith("downsize-");
        assertThat(other.actionId()).isNotEqualTo(first.actionId());
    }

    @Test
    void theRequestCarriesTheIdentityTheFindingPriced() {
        Finding priced = Fixtures.volume("vol-1");
        TargetIdentity identity = TargetIdentity.Aws.of(CloudResourceRef.parse(priced.resource()), TargetIdentity.Aws.EBS_VOLUME);
        Finding withIdentity = new Finding(priced.id(), priced.kind(), priced.resource(), priced.resourceKind(),
                priced.resourceName(), priced.provider(), priced.cluster(), priced.namespace(), priced.account(),
                priced.region(), priced.monthlyUsd(), priced.since(), priced.observedAt(), priced.confidence(),
                priced.evidence(), priced.labels(), priced.annotations(), priced.tags(), identity);

        assertThat(propose(planner, withIdentity, verdict(Outcome.AUTO, Map.of()), null).identity()).isEqualTo(identity);
        assertThat(propose(planner, priced, verdict(Outcome.AUTO, Map.of()), null).identity()).isNull();
    }

    @Test
    void aMarksTimestampIsNotPartOfItsIdentity() {
        Finding finding = Fixtures.volume("vol-1");
        PolicyVerdict monday = verdict(Outcome.AUTO, Map.of("markKey", "reclaimer:marked-for-op",
                "markValue", "2026-11-20T10:00:00Z", "graceDays", "7"));
        PolicyVerdict tuesday = verdict(Outcome.AUTO, Map.of("markKey", "reclaimer:marked-for-op",
                "markValue", "2026-11-21T10:00:00Z", "graceDays", "7"));
        Planned a = planner.plan(new GateDecision(finding, ActionType.MARK_FOR_OP, monday), null, T0);
        Planned b = planner.plan(new GateDecision(finding, ActionType.MARK_FOR_OP, tuesday), null, T0);
        assertThat(((Proposed) a).request().actionId()).isEqualTo(((Proposed) b).request().actionId());
    }

    @Test
    void downsizeTakesTheVerdictsSizedValuesAndKeepsTheCurrentRequests() {
        Finding finding = Fixtures.overprovisioned("prod-eu", "shop", "checkout", "app", "0.5", "536870912");
        ActionRequest request = propose(planner, finding, verdict(Outcome.APPROVE, Map.of("cpuRequestCores", "0.334",
                "memoryRequestBytes", "300000000", "limits", "drop-cpu"), "@finops"), null);

        assertThat(request.currentState()).containsEntry("cpuRequestCores", "0.5")
                .containsEntry("memoryRequestBytes", "536870912");
        assertThat(request.proposedState()).containsEntry("cpuRequestCores", "0.334")
                .containsEntry("memoryRequestBytes", "300000000").containsEntry("limits", "drop-cpu");
        assertThat(request.verdict().outcome()).isEqualTo(Outcome.APPROVE);
    }

    @Test
    void downsizeFallsBackToTheRecommendationWhenTheVerdictDoesNotSizeIt() {
        Finding finding = new Finding(Fixtures.overprovisioned("c", "ns", "w", "app", "1", "1").id(),
                io.reclaimer.model.findings.FindingKind.OVERPROVISIONED_CONTAINER, "c/ns/Deployment/w/app", "Deployment",
                "w", "kubernetes", "c", "ns", "", "", 10, T0, T0, null, Map.of(), Map.of(), Map.of(), Map.of());
        Recommendation rec = new Recommendation(new ContainerRef("c", "ns", "Deployment", "w", "app"), "vpa",
                new Recommendation.Cpu(1.0, 0.2501, 0.1, 0.6), new Recommendation.Memory(1L << 30, 256L << 20, 200L << 20,
                400L << 20), 0.8, 30.0, 2, false, false, false, 1000, T0, T0, T0, Map.of(), Map.of());

        ActionRequest target = propose(planner, finding, verdict(Outcome.DRY_RUN, Map.of()), rec);
        ActionRequest upper = propose(planner, finding, verdict(Outcome.DRY_RUN, Map.of("downsizeTo", "upperBound")), rec);

        assertThat(target.proposedState()).containsEntry("cpuRequestCores", "0.251")
                .containsEntry("memoryRequestBytes", String.valueOf(256L << 20));
        assertThat(target.currentState()).containsEntry("cpuRequestCores", "1");
        assertThat(upper.proposedState()).containsEntry("cpuRequestCores", "0.6");
        assertThat(target.confidence()).isEqualTo(0.8);
    }

    @Test
    void aDownsizeCarriesTheWhatIfOfTheRecommendedValueWithoutItChangingTheActionsIdentity() {
        Finding finding = Fixtures.overprovisioned("prod-eu", "shop", "checkout", "app", "1", "1073741824");
        Recommendation rec = new Recommendation(new ContainerRef("prod-eu", "shop", "Deployment", "checkout", "app"),
                "default", new Recommendation.Cpu(1.0, 0.25, 0.2, 0.4), new Recommendation.Memory(1L << 30, 256L << 20,
                200L << 20, 400L << 20), 0.8, 30.0, 2, false, false, false, 1000, T0, T0, T0, Map.of(), Map.of());
        WhatIfEstimate monday = new WhatIfEstimate(0.25, 256L << 20, 0.8, 0.05, 14, 0, 1,
                new WhatIfEstimate.Day(java.time.LocalDate.of(2026, 11, 2), 0.31, 250L << 20), 30.0, T0);
        WhatIfEstimate tuesday = new WhatIfEstimate(0.25, 256L << 20, 1.1, 0.07, 14, 0, 2, monday.worstDay(), 30.0,
                T0.plus(Duration.ofDays(1)));

        ActionRequest first = propose(planner, finding, verdict(Outcome.APPROVE, Map.of(), "@finops"), rec.withWhatIf(monday));
        ActionRequest later = propose(planner, finding, verdict(Outcome.APPROVE, Map.of(), "@finops"), rec.withWhatIf(tuesday));
        ActionRequest without = propose(planner, finding, verdict(Outcome.APPROVE, Map.of(), "@finops"), rec);

        assertThat(first.whatIf()).isEqualTo(monday);
        assertThat(later.whatIf()).isEqualTo(tuesday);
        assertThat(without.whatIf()).isNull();
        assertThat(later.actionId()).isEqualTo(first.actionId()).isEqualTo(without.actionId());
        assertThat(first.proposedState()).doesNotContainKey("whatIf");
    }

    @Test
    void onlyADownsizeCarriesAWhatIf() {
        ActionRequest delete = propose(planner, Fixtures.volume("vol-1"), verdict(Outcome.AUTO, Map.of()), null);
        assertThat(delete.whatIf()).isNull();
    }

    @Test
    void neverProposesToRaiseARequest() {
        Finding finding = Fixtures.overprovisioned("prod-eu", "shop", "checkout", "app", "0.2", "100");
        Planned planned = planner.plan(new GateDecision(finding, ActionType.DOWNSIZE,
                verdict(Outcome.AUTO, Map.of("cpuRequestCores", "0.5", "memoryRequestBytes", "200"))), null, T0);
        assertThat(planned).isInstanceOf(Skipped.class);
        assertThat(((Skipped) planned).reason()).startsWith("nothing to downsize");
    }

    @Test
    void denyProposesNothing() {
        Planned planned = planner.plan(new GateDecision(Fixtures.volume("vol-1"), ActionType.DELETE,
                verdict(Outcome.DENY, Map.of())), null, T0);
        assertThat(planned).isInstanceOf(Skipped.class);
        assertThat(((Skipped) planned).reason()).startsWith("denied: rule test-rule selects");
    }

    @Test
    void theDryRunSwitchTurnsEveryApprovalAndAutoIntoADryRunWithTheReason() {
        ActionPlanner dryRun = new ActionPlanner(true, Duration.ofHours(72), (kind, type) -> true);
        ActionRequest request = propose(dryRun, Fixtures.volume("vol-1"), verdict(Outcome.AUTO, Map.of()), null);
        assertThat(request.verdict().outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(request.verdict().reasons()).last().asString().contains("actions.dryRun is on");
        assertThat(request.verdict().reasons()).first().asString().startsWith("rule test-rule selects");
    }

    @Test
    void withoutAnExecutorForTheKindTheRequestIsOnlyADryRun() {
        ActionPlanner nothing = new ActionPlanner(false, Duration.ofHours(72), (kind, type) -> false);
        ActionRequest request = propose(nothing, Fixtures.volume("vol-1"), verdict(Outcome.APPROVE, Map.of(), "@finops"), null);
        assertThat(request.verdict().outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(request.verdict().approvers()).isEmpty();
        assertThat(request.verdict().reasons()).last().asString().contains("no executor takes delete");
    }

    @Test
    void anApprovalNobodyCouldGiveIsADryRunAndOneWithoutExpiryGetsTheConfiguredTtl() {
        ActionRequest nobody = propose(planner, Fixtures.volume("vol-1"), verdict(Outcome.APPROVE, Map.of()), null);
        assertThat(nobody.verdict().outcome()).isEqualTo(Outcome.DRY_RUN);

        PolicyVerdict noExpiry = new PolicyVerdict(Outcome.APPROVE, "p", "r", java.util.List.of("why"),
                java.util.List.of("U1"), null, Map.of());
        ActionRequest request = propose(planner, Fixtures.volume("vol-2"), noExpiry, null);
        assertThat(request.verdict().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(72)));
    }

    @Test
    void aVolumeIsAlwaysSnapshottedUnlessThePolicySaysOtherwiseExplicitly() {
        ActionRequest request = propose(planner, Fixtures.volume("vol-1"), verdict(Outcome.AUTO, Map.of()), null);
        assertThat(request.proposedState()).containsEntry("snapshot", "true").containsEntry("state", "deleted");
        assertThat(request.currentState()).containsEntry("state", "available");
    }

    @Test
    void aScheduleTakesTheVerdictsWindowOrTheFindingsOwn() {
        ActionRequest fromVerdict = propose(planner, Fixtures.offHours("dev-eu", "team-a"), verdict(Outcome.APPROVE,
                Map.of("scheduleWindow", "Mon-Fri 08:00-19:00", "timeZone", "UTC"), "@finops"), null);
        ActionRequest fromEvidence = propose(planner, Fixtures.offHours("dev-eu", "team-a"), verdict(Outcome.DRY_RUN,
                Map.of()), null);
        assertThat(fromVerdict.proposedState()).containsEntry("scheduleWindow", "Mon-Fri 08:00-19:00")
                .containsEntry("timeZone", "UTC");
        assertThat(fromEvidence.proposedState()).containsEntry("scheduleWindow", "Mon-Fri 07:00-20:00")
                .containsEntry("timeZone", "Europe/Paris");
    }

    @Test
    void aVolumeOrphanedAgainLaterIsANewAction() {
        Finding first = Fixtures.volume("vol-1");
        Finding later = new Finding(first.id(), first.kind(), first.resource(), first.resourceKind(), first.resourceName(),
                first.provider(), first.cluster(), first.namespace(), first.account(), first.region(), first.monthlyUsd(),
                first.since().plus(Duration.ofDays(40)), first.observedAt(), null, first.evidence(), Map.of(), Map.of(),
                Map.of());
        assertThat(propose(planner, first, verdict(Outcome.AUTO, Map.of()), null).actionId())
                .isNotEqualTo(propose(planner, later, verdict(Outcome.AUTO, Map.of()), null).actionId());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "node-pool-consolidation, prod-eu//NodePool/general",
        "underutilized-node, prod-eu//Node/ip-10-0-1-5",
        "spot-eligible, prod-eu/dev-1/Deployment/web"})
    void reportOnlyKindsOnNodesPoolsAndWorkloadsAreNeverPlannedAsAChangeEvenUnderAnAutoVerdict(String kind,
                                                                                               String resource) {
        io.reclaimer.model.findings.FindingKind findingKind = io.reclaimer.model.findings.FindingKind.fromWireName(kind);
        Finding finding = new Finding(Finding.idFor(findingKind, resource), findingKind, resource, "Node", "x",
                "kubernetes", "prod-eu", "", "", "eu-west-1", 140.16, T0, T0, null, Map.of(), Map.of(), Map.of(), Map.of());
        Planned planned = planner.plan(new GateDecision(finding, findingKind.action(), verdict(Outcome.AUTO, Map.of())),
                null, T0);
        assertThat(planned).isInstanceOf(Skipped.class);
        assertThat(((Skipped) planned).reason()).contains("a downsize targets a container key");
    }
}
