package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.NOW;
import static io.reclaimer.policies.Fixtures.finding;
import static io.reclaimer.policies.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node-pool consolidation is reported, never acted on by default: the shipped library has no rule that approves it. */
class NodePoolConsolidationPolicyTest {

    @TempDir
    Path dir;

    private static Finding pool() {
        return finding(FindingKind.NODE_POOL_CONSOLIDATION).cluster("prod-eu").namespace("").monthlyUsd(280.32)
                .evidence("removableNodes", "2").build();
    }

    @Test
    void theShippedLibraryDryRunsItAsADownsizeOfThePool() {
        Decision decision = new PolicyEngine(Policies.load(DefaultLibraryTest.LIBRARY)).evaluate(pool(),
                EvaluationContext.at(NOW));
        assertThat(decision.action()).isEqualTo(ActionType.DOWNSIZE);
        assertThat(decision.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(decision.verdict().reasons().get(0))
                .startsWith("no policy rule selects this node-pool-consolidation; default decision dry-run");
    }

    @Test
    void policiesSelectItByItsKindName() {
        PolicyEngine engine = Fixtures.engine(dir, "p.yaml", policy("p",
                "    - name: never-consolidate\n      match:\n        kinds: [node-pool-consolidation]\n      decision: deny\n"));
        Decision decision = engine.evaluate(pool(), EvaluationContext.at(NOW));
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.verdict().rule()).isEqualTo("never-consolidate");
    }
}
