package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.NOW;
import static io.reclaimer.policies.Fixtures.finding;
import static io.reclaimer.policies.Fixtures.guardrails;
import static io.reclaimer.policies.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.GuardrailCheck;
import io.reclaimer.policies.evaluation.PolicyEngine;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each guardrail, against rules that would otherwise act automatically. */
class GuardrailsTest {

    @TempDir
    Path dir;

    private static final String AUTO_ALL = policy("yolo", "    - name: everything\n      decision: auto\n");
    private static final String APPROVE_ALL = policy("careful",
            "    - name: everything\n      decision: approve\n      approvers: ['@finops']\n");

    private PolicyEngine engine(String guardrailsSpec, String policyYaml) {
        return guardrailsSpec == null ? Fixtures.engine(dir, "p.yaml", policyYaml)
                : Fixtures.engine(dir, "g.yaml", guardrails(guardrailsSpec), "p.yaml", policyYaml);
    }

    private static Decision at(PolicyEngine engine, Finding finding, String instant) {
        return engine.evaluate(finding, EvaluationContext.at(Instant.parse(instant)));
    }

    private static Finding schedule(String namespace) {
        return finding(FindingKind.OFF_HOURS_SCHEDULE).namespace(namespace).build();
    }

    private static GuardrailCheck check(Decision decision, String guardrail) {
        return decision.guardrails().stream().filter(c -> c.guardrail().equals(guardrail)).findFirst().orElseThrow();
    }

    // ---- protected namespaces -------------------------------------------------------------------------

    @Test
    void kubeSystemAndFriendsAreProtectedByDefault() {
        PolicyEngine engine = engine(null, AUTO_ALL);
        for (String ns : new String[] {"kube-system", "kube-public", "kube-node-lease", "cert-manager", "reclaimer"}) {
            Decision decision = engine.evaluate(schedule(ns), EvaluationContext.at(NOW));
            assertThat(decision.outcome()).as(ns).isEqualTo(Outcome.DENY);
            assertThat(decision.verdict().reasons()).as(ns).anyMatch(r -> r.startsWith(
                    "guardrail protected-namespace blocked: namespace '" + ns + "' is protected"));
        }
        assertThat(engine.evaluate(schedule("shop"), EvaluationContext.at(NOW)).outcome()).isEqualTo(Outcome.AUTO);
    }

    @Test
    void protectedNamespacesAreConfigurable() {
        PolicyEngine engine = engine("  protectedNamespaces: [payments-*]\n", AUTO_ALL);
        assertThat(engine.evaluate(schedule("payments-eu"), EvaluationContext.at(NOW)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(engine.evaluate(schedule("shop"), EvaluationContext.at(NOW)).outcome()).isEqualTo(Outcome.AUTO);
    }

    // ---- opt-out ----------------------------------------------------------------------------------------

    @Test
    void optOutLabelAnnotationAndTagAreHonoured() {
        PolicyEngine engine = engine(null, AUTO_ALL);
        Finding labelled = finding(FindingKind.OFF_HOURS_SCHEDULE).label("reclaimer.io/exclude", "true").build();
        Finding annotated = finding(FindingKind.OFF_HOURS_SCHEDULE).annotation("reclaimer.io/exclude", "true").build();
        Finding tagged = finding(FindingKind.UNATTACHED_VOLUME).aws("1", "eu-west-1").tag("reclaimer:exclude", "").build();
        for (Finding f : new Finding[] {labelled, annotated, tagged}) {
            Decision decision = engine.evaluate(f, EvaluationContext.at(NOW));
            assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
            assertThat(check(decision, "opt-out").status()).isEqualTo(GuardrailCheck.Status.BLOCKED);
        }
        assertThat(check(engine.evaluate(labelled, EvaluationContext.at(NOW)), "opt-out").message())
                .isEqualTo("the resource opted out with label reclaimer.io/exclude=true");
    }

    @Test
    void aRolledBackVolumeIsNeverDeletedAgain() {
        // a rollback re-created the volume from its snapshot: same tags, same rule, but a person undid the delete
        Finding restored = finding(FindingKind.UNATTACHED_VOLUME).aws("123456789012", "eu-west-1").name("vol-0restored")
                .tag("team", "analytics").tag("reclaimer:restored-from-action", "delete-0123456789abcdef0123").build();
        Decision decision = engine(null, AUTO_ALL).evaluate(restored, EvaluationContext.at(NOW));

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(check(decision, "opt-out").status()).isEqualTo(GuardrailCheck.Status.BLOCKED);
        assertThat(check(decision, "opt-out").message()).isEqualTo("a rollback restored this resource (tag "
                + "reclaimer:restored-from-action=delete-0123456789abcdef0123): no policy acts on it again until a person "
                + "removes the tag");
    }

    @Test
    void aRestoredKubernetesObjectIsLeftAloneUntilItsAnnotationIsRemoved() {
        Finding restored = finding(FindingKind.UNUSED_PVC).annotation("reclaimer.io/restored-from-action", "delete-1")
                .build();
        Decision decision = engine(null, AUTO_ALL).evaluate(restored, EvaluationContext.at(NOW));
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(check(decision, "opt-out").message()).contains("annotation reclaimer.io/restored-from-action=delete-1");
    }

    @Test
    void anExplicitFalseDoesNotOptOut() {
        Finding f = finding(FindingKind.OFF_HOURS_SCHEDULE).label("reclaimer.io/exclude", "false").build();
        assertThat(engine(null, AUTO_ALL).evaluate(f, EvaluationContext.at(NOW)).outcome()).isEqualTo(Outcome.AUTO);
    }

    // ---- change freezes ---------------------------------------------------------------------------------

    @Test
    void recurringFreezeIsActiveFromItsCronStartForItsDuration() {
        PolicyEngine engine = engine("""
                  changeFreezes:
                    - name: weekend
                      cron: "0 18 * * 5"
                      duration: 2d15h
                      timeZone: Europe/Paris
                """, AUTO_ALL);
        Finding f = schedule("shop");
        // Friday 2026-11-20 18:00 Paris = 17:00 UTC; ends Monday 09:00 Paris = 08:00 UTC
        assertThat(at(engine, f, "2026-11-20T16:59:59Z").outcome()).isEqualTo(Outcome.AUTO);
        Decision frozen = at(engine, f, "2026-11-20T17:00:00Z");
        assertThat(frozen.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(check(frozen, "change-freeze").message()).isEqualTo("change freeze 'weekend' (cron '0 18 * * 5' for "
                + "2d15h in Europe/Paris) is active from 2026-11-20T18:00+01:00 until 2026-11-23T09:00+01:00");
        assertThat(at(engine, f, "2026-11-23T07:59:59Z").outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(at(engine, f, "2026-11-23T08:00:00Z").outcome()).isEqualTo(Outcome.AUTO);
    }

    @Test
    void oneOffFreezeCoversItsInterval() {
        PolicyEngine engine = engine("""
                  changeFreezes:
                    - name: black-friday
                      from: 2026-11-26T00:00
                      until: 2026-11-30
                      timeZone: America/New_York
                """, APPROVE_ALL);
        Finding f = schedule("shop");
        assertThat(at(engine, f, "2026-11-26T04:59:00Z").outcome()).isEqualTo(Outcome.APPROVE);
        assertThat(at(engine, f, "2026-11-26T05:00:00Z").outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(at(engine, f, "2026-11-30T05:00:00Z").outcome()).isEqualTo(Outcome.APPROVE);
        assertThat(at(engine, f, "2026-11-27T00:00:00Z").verdict().approvers()).isEmpty();
    }

    @Test
    void executionIsHeldBackWhenAFreezeBeginsAfterTheApproval() {
        PolicyEngine engine = engine("""
                  maxActionsPerHour: 3
                  changeFreezes:
                    - {name: release, cron: "0 12 * * *", duration: 1h}
                """, APPROVE_ALL);
        assertThat(engine.executionBlocker(EvaluationContext.at(Instant.parse("2026-11-20T11:59:00Z")))).isEmpty();
        assertThat(engine.executionBlocker(EvaluationContext.at(Instant.parse("2026-11-20T12:30:00Z"))))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("change freeze 'release'"));
        assertThat(engine.executionBlocker(EvaluationContext.at(Instant.parse("2026-11-20T14:00:00Z"))
                .withActionsLastHour(3))).contains("3 actions in the last hour reached the cap of 3; retried in a later cycle");
    }

    @Test
    void rightBeforeExecutionFreezesAndTheCapHoldInsteadOfLoweringButEveryOtherGuardrailStillDenies() {
        PolicyEngine engine = engine("""
                  maxActionsPerHour: 1
                  changeFreezes:
                    - {name: release, cron: "0 12 * * *", duration: 1h}
                """, AUTO_ALL);
        EvaluationContext frozenAndFull = EvaluationContext.at(Instant.parse("2026-11-20T12:30:00Z")).withActionsLastHour(5);

        Decision held = engine.evaluateForExecution(schedule("shop"), frozenAndFull);
        assertThat(held.outcome()).as("a freeze holds an action, it does not withdraw it").isEqualTo(Outcome.AUTO);
        assertThat(check(held, "change-freeze").message()).startsWith("judged right before execution");
        assertThat(engine.executionBlocker(frozenAndFull)).isPresent();
        assertThat(engine.evaluate(schedule("shop"), frozenAndFull).outcome()).isEqualTo(Outcome.DRY_RUN);

        assertThat(engine.evaluateForExecution(schedule("kube-system"), frozenAndFull).outcome()).isEqualTo(Outcome.DENY);
        Decision optedOut = engine.evaluateForExecution(finding(FindingKind.OFF_HOURS_SCHEDULE).namespace("shop")
                .label("reclaimer.io/exclude", "true").build(), frozenAndFull);
        assertThat(optedOut.outcome()).isEqualTo(Outcome.DENY);
        assertThat(optedOut.verdict().reasons()).contains("guardrail opt-out blocked: the resource opted out with label "
                + "reclaimer.io/exclude=true");
    }

    // ---- hourly cap ---------------------------------------------------------------------------------------

    @Test
    void hourlyCapTurnsFurtherActionsIntoDryRuns() {
        PolicyEngine engine = engine("  maxActionsPerHour: 2\n", AUTO_ALL);
        Finding f = schedule("shop");
        assertThat(engine.evaluate(f, EvaluationContext.at(NOW).withActionsLastHour(1)).outcome()).isEqualTo(Outcome.AUTO);
        Decision capped = engine.evaluate(f, EvaluationContext.at(NOW).withActionsLastHour(2));
        assertThat(capped.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(capped.verdict().reasons()).contains("guardrail max-actions-per-hour blocked: 2 actions in the last "
                + "hour reached the cap of 2; retried in a later cycle");
    }

    // ---- downsize -----------------------------------------------------------------------------------------

    private static Finding container(String cpuRequest, String cpuTarget, String memRequest, String memTarget) {
        Fixtures.FindingBuilder b = finding(FindingKind.OVERPROVISIONED_CONTAINER);
        if (cpuRequest != null) {
            b.evidence("cpuRequestCores", cpuRequest).evidence("cpuTargetCores", cpuTarget)
                    .evidence("cpuUpperBoundCores", cpuTarget);
        }
        if (memRequest != null) {
            b.evidence("memoryRequestBytes", memRequest).evidence("memoryTargetBytes", memTarget);
        }
        return b.build();
    }

    @Test
    void downsizeNeverGoesBelowTheMaxStepAtOnce() {
        Decision decision = engine(null, AUTO_ALL).evaluate(container("2", "0.1", "1073741824", "100000000"),
                EvaluationContext.at(NOW));
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO);
        assertThat(decision.verdict().parameters()).contains(entry("action", "downsize"), entry("downsizeTo", "target"),
                entry("limits", "proportional"), entry("cpuRequestCores", "1"), entry("memoryRequestBytes", "536870912"));
        assertThat(check(decision, "downsize-limits").status()).isEqualTo(GuardrailCheck.Status.ADJUSTED);
        assertThat(check(decision, "downsize-limits").message()).isEqualTo("cpu request 2 -> 1 cores (recommended 0.1, "
                + "limited by the max step); memory request 1073741824 -> 536870912 bytes (recommended 100000000, limited "
                + "by the max step) (max step 50%, floors 0.01 cores / 67108864 bytes)");
    }

    @Test
    void downsizeWithinTheStepGoesToTheRecommendationRoundedUp() {
        Decision decision = engine("  downsize: {maxStepPercent: 90}\n", AUTO_ALL)
                .evaluate(container("1", "0.33333", null, null), EvaluationContext.at(NOW));
        assertThat(decision.verdict().parameters()).containsEntry("cpuRequestCores", "0.334")
                .doesNotContainKey("memoryRequestBytes");
        assertThat(check(decision, "downsize-limits").status()).isEqualTo(GuardrailCheck.Status.HELD);
    }

    @Test
    void floorsHoldAndARequestIsNeverRaised() {
        PolicyEngine engine = engine("  downsize: {maxStepPercent: 100, minCpu: 100m, minMemory: 128Mi}\n", AUTO_ALL);
        Decision floored = engine.evaluate(container("0.5", "0.01", "1073741824", "1048576"), EvaluationContext.at(NOW));
        assertThat(floored.verdict().parameters()).containsEntry("cpuRequestCores", "0.1")
                .containsEntry("memoryRequestBytes", "134217728");

        Decision nothing = engine.evaluate(container("0.05", "0.01", "1073741824", "2147483648"), EvaluationContext.at(NOW));
        assertThat(nothing.outcome()).isEqualTo(Outcome.DENY);
        assertThat(check(nothing, "downsize-limits").message()).isEqualTo("nothing left to downsize: cpu request 0.05 -> "
                + "0.05 cores (raised to the floor 0.1); memory request 1073741824 -> 1073741824 bytes (the recommendation "
                + "2147483648 is above it: left unchanged)");
    }

    @Test
    void aDownsizeWithoutSizingEvidenceIsOnlyADryRun() {
        Decision decision = engine(null, AUTO_ALL).evaluate(container(null, null, null, null), EvaluationContext.at(NOW));
        assertThat(decision.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(check(decision, "downsize-limits").message()).startsWith("the finding's evidence lacks the current request");
    }

    @Test
    void upperBoundAndLimitParametersComeFromTheRule() {
        PolicyEngine engine = engine(null, policy("p", """
                    - name: r
                      decision: auto
                      parameters: {downsizeTo: upperBound, limits: drop-cpu}
                """));
        Finding f = finding(FindingKind.OVERPROVISIONED_CONTAINER).evidence("cpuRequestCores", "2")
                .evidence("cpuTargetCores", "1").evidence("cpuUpperBoundCores", "1.5").build();
        assertThat(engine.evaluate(f, EvaluationContext.at(NOW)).verdict().parameters())
                .contains(entry("downsizeTo", "upperBound"), entry("limits", "drop-cpu"), entry("cpuRequestCores", "1.5"));
    }

    // ---- schedules --------------------------------------------------------------------------------------

    @Test
    void scheduleCarriesItsWindowAndTimeZone() {
        PolicyEngine engine = engine(null, policy("p", """
                    - name: r
                      decision: dry-run
                      parameters: {scheduleWindow: "Mon-Thu,Sat 08:30-18:00", timeZone: Asia/Tokyo}
                """));
        assertThat(engine.evaluate(schedule("shop"), EvaluationContext.at(NOW)).verdict().parameters()).containsExactly(
                entry("action", "schedule"), entry("scheduleWindow", "Mon-Thu,Sat 08:30-18:00"), entry("timeZone", "Asia/Tokyo"));
        assertThat(Fixtures.engine(dir.resolve("defaults"), "p.yaml", AUTO_ALL).evaluate(schedule("shop"),
                EvaluationContext.at(NOW)).verdict().parameters())
                .contains(entry("scheduleWindow", "Mon-Fri 07:00-20:00"), entry("timeZone", "UTC"));
    }

    @Test
    void anOvernightScheduleWindowIsAccepted() {
        PolicyEngine engine = engine(null, policy("p", """
                    - name: r
                      decision: dry-run
                      parameters: {scheduleWindow: "Mon-Fri 22:00-06:00", timeZone: Europe/Paris}
                """));
        assertThat(engine.evaluate(schedule("shop"), EvaluationContext.at(NOW)).verdict().parameters())
                .contains(entry("scheduleWindow", "Mon-Fri 22:00-06:00"), entry("timeZone", "Europe/Paris"));
    }

    // ---- volume deletes: snapshot and mark-for-op -------------------------------------------------------

    private static Fixtures.FindingBuilder volume() {
        return finding(FindingKind.UNATTACHED_VOLUME).aws("123456789012", "eu-west-1").name("vol-1");
    }

    @Test
    void aVolumeIsAlwaysSnapshottedBeforeItIsDeleted() {
        PolicyEngine engine = engine("  markForOp: {minGraceDays: 0}\n", policy("p", """
                    - name: r
                      decision: auto
                      parameters: {snapshot: false}
                """));
        Decision decision = engine.evaluate(volume().build(), EvaluationContext.at(NOW));
        assertThat(decision.action()).isEqualTo(ActionType.DELETE);
        assertThat(decision.verdict().parameters()).containsEntry("snapshot", "true").containsEntry("graceDays", "0");
        assertThat(check(decision, "snapshot-before-delete").status()).isEqualTo(GuardrailCheck.Status.ADJUSTED);
    }

    @Test
    void anUnmarkedOrphanIsMarkedFirstAndTheMarkNeedsNoApproval() {
        Decision decision = engine(null, APPROVE_ALL).evaluate(volume().build(), EvaluationContext.at(NOW));
        assertThat(decision.action()).isEqualTo(ActionType.MARK_FOR_OP);
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO);
        assertThat(decision.verdict().parameters()).contains(entry("action", "mark-for-op"),
                entry("markKey", "reclaimer:marked-for-op"), entry("markValue", "2026-11-20T10:00:00Z"),
                entry("actAfter", "2026-11-27T10:00:00Z"), entry("graceDays", "7"), entry("snapshot", "true"));

        Finding pvc = finding(FindingKind.UNUSED_PVC).build();
        assertThat(engine(null, APPROVE_ALL).evaluate(pvc, EvaluationContext.at(NOW)).verdict().parameters())
                .containsEntry("markKey", "reclaimer.io/marked-for-op");
    }

    @Test
    void withoutAutoMarkTheMarkAsksForApprovalToo() {
        Decision decision = engine("  markForOp: {autoMark: false}\n", APPROVE_ALL).evaluate(volume().build(),
                EvaluationContext.at(NOW));
        assertThat(decision.action()).isEqualTo(ActionType.MARK_FOR_OP);
        assertThat(decision.outcome()).isEqualTo(Outcome.APPROVE);
    }

    @Test
    void aMarkedOrphanWaitsForTheGracePeriodThenTheDeleteProceeds() {
        PolicyEngine engine = engine(null, APPROVE_ALL);
        Finding marked = volume().tag("reclaimer:marked-for-op", "2026-11-15T10:00:00Z").build();
        Decision waiting = engine.evaluate(marked, EvaluationContext.at(NOW));
        assertThat(waiting.outcome()).isEqualTo(Outcome.DENY);
        assertThat(waiting.action()).isEqualTo(ActionType.DELETE);
        assertThat(check(waiting, "grace-period").message()).isEqualTo("marked for deletion at 2026-11-15T10:00:00Z; "
                + "the grace period of 7 days ends at 2026-11-22T10:00:00Z");

        Decision due = engine.evaluate(marked, EvaluationContext.at(Instant.parse("2026-11-22T10:00:00Z")));
        assertThat(due.outcome()).isEqualTo(Outcome.APPROVE);
        assertThat(due.action()).isEqualTo(ActionType.DELETE);
        assertThat(due.verdict().parameters()).contains(entry("action", "delete"), entry("snapshot", "true"));
    }

    @Test
    void anUnreadableMarkIsRenewedAndAShortRuleGraceIsRaisedToTheMinimum() {
        PolicyEngine engine = engine(null, policy("p", """
                    - name: r
                      decision: auto
                      parameters: {graceDays: 2}
                """));
        Decision decision = engine.evaluate(volume().tag("reclaimer:marked-for-op", "last tuesday").build(),
                EvaluationContext.at(NOW));
        assertThat(decision.action()).isEqualTo(ActionType.MARK_FOR_OP);
        assertThat(decision.verdict().parameters()).containsEntry("graceDays", "7");
        assertThat(decision.verdict().reasons()).contains(
                "the rule's grace period of 2 days was raised to the guardrails' minimum of 7 days");
        assertThat(check(decision, "grace-period").message()).startsWith("the mark 'last tuesday' is not an ISO-8601 instant");
    }

    // ---- approvals --------------------------------------------------------------------------------------

    @Test
    void approvalsUseTheRuleOrTheDefaultApproversAndExpire() {
        PolicyEngine engine = engine("  approvals: {defaultApprovers: ['@platform'], defaultTtl: 24h, maxTtl: 2d}\n",
                policy("p", """
                    - name: own
                      match: {namespaces: [shop]}
                      decision: approve
                      approvers: [U123, '@shop-leads']
                      approvalTtl: 5d
                    - name: default
                      decision: approve
                """));
        Decision own = engine.evaluate(schedule("shop"), EvaluationContext.at(NOW));
        assertThat(own.verdict().approvers()).containsExactly("U123", "@shop-leads");
        assertThat(own.verdict().expiresAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(check(own, "approval").message()).isEqualTo("approval validity 5d shortened to the maximum of 2d");

        Decision fallback = engine.evaluate(schedule("web"), EvaluationContext.at(NOW));
        assertThat(fallback.verdict().approvers()).containsExactly("@platform");
        assertThat(fallback.verdict().expiresAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    }
}
