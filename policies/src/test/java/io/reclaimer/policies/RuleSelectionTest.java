package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.NOW;
import static io.reclaimer.policies.Fixtures.finding;
import static io.reclaimer.policies.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which rule decides: selectors, order within a policy, precedence across policies, defaults. */
class RuleSelectionTest {

    @TempDir
    Path dir;

    private static final EvaluationContext AT_NOW = EvaluationContext.at(NOW);

    private Decision decide(String matchYaml, Finding finding) {
        PolicyEngine engine = Fixtures.engine(dir, "p.yaml", policy("p",
                "    - name: selected\n      match:\n" + matchYaml.indent(8) + "      decision: dry-run\n"));
        return engine.evaluate(finding, AT_NOW);
    }

    private boolean selects(String matchYaml, Finding finding) {
        return decide(matchYaml, finding).verdict().rule().equals("selected");
    }

    private static Finding volume() {
        return finding(FindingKind.UNATTACHED_VOLUME).aws("123456789012", "eu-west-1").tag("team", "payments").build();
    }

    private static Finding container() {
        return finding(FindingKind.OVERPROVISIONED_CONTAINER).cluster("prod-eu").namespace("team-shop")
                .label("app", "checkout").annotation("owner", "alice@example.com").build();
    }

    @Test
    void selectsByKind() {
        assertThat(selects("kinds: [unattached-volume, unused-pvc]", volume())).isTrue();
        assertThat(selects("kinds: [unused-pvc]", volume())).isFalse();
    }

    @Test
    void selectsByClusterAndNamespaceGlobs() {
        assertThat(selects("clusters: [prod-*]", container())).isTrue();
        assertThat(selects("clusters: [staging-*]", container())).isFalse();
        assertThat(selects("namespaces: [team-*]", container())).isTrue();
        assertThat(selects("namespaces: ['team-?']", container())).isFalse();
        assertThat(selects("excludeNamespaces: [team-shop]", container())).isFalse();
        assertThat(selects("namespaces: [team-*]\nexcludeNamespaces: [team-billing]", container())).isTrue();
    }

    @Test
    void selectsByLabelsAnnotationsAndTags() {
        assertThat(selects("labels: {app: check*}", container())).isTrue();
        assertThat(selects("labels: {app: web}", container())).isFalse();
        assertThat(selects("labels: {tier: '*'}", container())).isFalse();
        assertThat(selects("annotations: {owner: '*@example.com'}", container())).isTrue();
        assertThat(selects("tags: {team: payments}", volume())).isTrue();
        assertThat(selects("tags: {team: payments, env: prod}", volume())).isFalse();
    }

    @Test
    void selectsByAccountAndRegion() {
        assertThat(selects("accounts: ['1234*']\nregions: [eu-*]", volume())).isTrue();
        assertThat(selects("regions: [us-east-1]", volume())).isFalse();
    }

    @Test
    void selectsByMinimumSavingsAgeAndConfidence() {
        Finding f = finding(FindingKind.UNATTACHED_VOLUME).monthlyUsd(12.5).since(NOW.minusSeconds(3 * 86_400L))
                .confidence(0.8).build();
        assertThat(selects("minMonthlyUsd: 12.5\nminAge: 3d\nminConfidence: 0.8", f)).isTrue();
        assertThat(selects("minMonthlyUsd: 13", f)).isFalse();
        assertThat(selects("minAge: 72h1s", f)).isFalse();
        assertThat(selects("minConfidence: 0.81", f)).isFalse();
        assertThat(selects("minConfidence: 0.1", finding(FindingKind.UNATTACHED_VOLUME).confidence(null).build()))
                .as("unknown confidence never satisfies a minimum").isFalse();
    }

    @Test
    void selectsByCelExpressionOverTheWholeFinding() {
        assertThat(selects("expression: \"finding.labels.app == 'checkout' && finding.age > duration('24h')\"",
                container())).isTrue();
        assertThat(selects("expression: finding.resource.startsWith('aws/1234') && finding.tags.exists(k, k == 'team')",
                volume())).isTrue();
        assertThat(selects("expression: \"now > finding.since && has(finding.confidence) && finding.monthlyUsd >= 50\"",
                volume())).isTrue();
        assertThat(selects("expression: finding.kind == 'unused-pvc'", volume())).isFalse();
    }

    @Test
    void explainsWhyARuleDidNotSelect() {
        Decision decision = decide("namespaces: [team-billing]", container());
        assertThat(decision.trace()).singleElement().satisfies(trace ->
                assertThat(trace.line()).isEqualTo("policy 'p' rule 'selected' (p.yaml:7:7, dry-run): does not select: "
                        + "namespace 'team-shop' does not match [team-billing]"));
    }

    @Test
    void firstMatchingRuleOfAPolicyDecides() {
        PolicyEngine engine = Fixtures.engine(dir, "p.yaml", policy("p", """
                    - name: exception
                      match: {namespaces: [team-shop]}
                      decision: deny
                    - name: general
                      decision: auto
                """));
        assertThat(engine.evaluate(container(), AT_NOW).verdict().rule()).isEqualTo("exception");
        assertThat(engine.evaluate(container(), AT_NOW).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void mostRestrictiveDecisionAcrossPoliciesWinsAndTheOthersAreNamed() {
        PolicyEngine engine = Fixtures.engine(dir,
                "a.yaml", policy("permissive", "    - name: all\n      decision: auto\n"),
                "b.yaml", policy("careful", "    - name: shop\n      match: {namespaces: [team-*]}\n      decision: dry-run\n"));
        Decision decision = engine.evaluate(container(), AT_NOW);
        assertThat(decision.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(decision.verdict().policy()).isEqualTo("careful");
        assertThat(decision.verdict().reasons()).startsWith(
                "policy 'careful' rule 'shop' (b.yaml:7:7) selects this overprovisioned-container: dry-run",
                "policy 'permissive' rule 'all' (a.yaml:7:7) also selects it with auto; the most restrictive decision applies");
    }

    @Test
    void equallyRestrictiveDecisionsGoToTheEarlierFile() {
        PolicyEngine engine = Fixtures.engine(dir,
                "b.yaml", policy("second", "    - name: r\n      decision: dry-run\n"),
                "a.yaml", policy("first", "    - name: r\n      decision: dry-run\n"));
        assertThat(engine.evaluate(container(), AT_NOW).verdict().policy()).isEqualTo("first");
    }

    @Test
    void findingsNoRuleSelectsGetTheDefaultDecision() {
        Decision decision = decide("kinds: [unused-pvc]", volume());
        assertThat(decision.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(decision.verdict().policy()).isEmpty();
        assertThat(decision.verdict().reasons().get(0))
                .isEqualTo("no policy rule selects this unattached-volume; default decision dry-run (built-in defaults)");

        Fixtures.write(dir, "g.yaml", Fixtures.guardrails("  defaultDecision: deny\n"));
        assertThat(new PolicyEngine(Policies.load(dir)).evaluate(volume(), AT_NOW).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void anExpressionThatFailsAtRunTimeFailsClosed() {
        PolicyEngine engine = Fixtures.engine(dir, "p.yaml", policy("p", """
                    - name: deny-critical
                      match: {expression: "finding.labels['tier'] == 'critical'"}
                      decision: deny
                    - name: auto-when-cheap
                      match: {expression: "finding.labels['tier'] == 'cheap'"}
                      decision: auto
                """), "q.yaml", policy("q", """
                    - name: auto-when-cheap
                      match: {expression: "finding.labels['tier'] == 'cheap'"}
                      decision: auto
                """));
        Decision decision = engine.evaluate(container(), AT_NOW);
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.verdict().rule()).isEqualTo("deny-critical");
        assertThat(decision.verdict().reasons()).anySatisfy(reason -> assertThat(reason)
                .startsWith("policy 'p' rule 'deny-critical': expression failed:")
                .endsWith("counted as a match because the rule denies (fail closed)"));
        assertThat(decision.verdict().reasons()).anySatisfy(reason -> assertThat(reason)
                .startsWith("policy 'q' rule 'auto-when-cheap': expression failed:")
                .endsWith("ignored because the rule would allow an action (fail closed)"));
    }

    @Test
    void sameInputsGiveTheSameVerdictAndText() {
        PolicyEngine engine = new PolicyEngine(Policies.load(DefaultLibraryTest.LIBRARY));
        Finding f = finding(FindingKind.OVERPROVISIONED_CONTAINER).evidence("cpuRequestCores", "1")
                .evidence("cpuTargetCores", "0.3").build();
        assertThat(engine.evaluate(f, AT_NOW)).isEqualTo(engine.evaluate(f, AT_NOW));
        PolicyEngine reloaded = new PolicyEngine(Policies.load(DefaultLibraryTest.LIBRARY));
        assertThat(reloaded.evaluate(f, AT_NOW).verdict()).isEqualTo(engine.evaluate(f, AT_NOW).verdict());
    }
}
