package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.NOW;
import static io.reclaimer.policies.Fixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The report-only kinds (no executor takes them) are dry-run downsizes under the shipped library, like
 * node-pool consolidation ({@link NodePoolConsolidationPolicyTest}): no shipped rule selects them.
 */
class ReportOnlyKindsPolicyTest {

    @ParameterizedTest
    @EnumSource(value = FindingKind.class, names = {"IDLE_GPU", "NODE_POOL_CONSOLIDATION", "UNDERUTILIZED_NODE",
            "SPOT_ELIGIBLE"})
    void theShippedLibraryDryRunsThemAsDownsizes(FindingKind kind) {
        Decision decision = new PolicyEngine(Policies.load(DefaultLibraryTest.LIBRARY)).evaluate(
                finding(kind).cluster("prod-eu").namespace("dev-1").monthlyUsd(140.16).build(), EvaluationContext.at(NOW));
        assertThat(decision.action()).isEqualTo(ActionType.DOWNSIZE);
        assertThat(decision.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(decision.verdict().reasons().get(0))
                .startsWith("no policy rule selects this " + kind.wireName() + "; default decision dry-run");
    }
}
