package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.NOW;
import static io.reclaimer.policies.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.loading.FindingFiles.FindingFileException;
import io.reclaimer.policies.loading.PolicyLoadException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate / test / explain as the CLI calls them. */
class PolicyToolingTest {

    @TempDir
    Path dir;

    @Test
    void testReportNamesEveryMismatchOfAFailingCase() {
        write(dir, "p.yaml", Fixtures.policy("p", "    - name: r\n      decision: dry-run\n"));
        write(dir, "t.yaml", """
                apiVersion: reclaimer.io/v1
                kind: PolicyTest
                metadata: {name: suite}
                spec:
                  now: 2026-11-20T10:00:00Z
                  cases:
                    - name: passes
                      finding: {kind: off-hours-schedule, resource: c/ns/Deployment/a, resourceKind: Deployment,
                                resourceName: a, provider: kubernetes, cluster: c, namespace: ns, monthlyUsd: 1.0,
                                since: 2026-11-01T00:00:00Z}
                      expect: {outcome: dry-run, action: schedule, policy: p, rule: r}
                    - name: fails
                      finding: {kind: off-hours-schedule, resource: c/ns/Deployment/a, resourceKind: Deployment,
                                resourceName: a, provider: kubernetes, cluster: c, namespace: ns, monthlyUsd: 1.0,
                                since: 2026-11-01T00:00:00Z}
                      expect:
                        outcome: auto
                        parameters: {timeZone: Europe/Paris}
                        reasons: [something else]
                """);
        PolicyTestReport report = Policies.test(dir);
        assertThat(report.successful()).isFalse();
        assertThat(report.passed()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.lines()).startsWith(
                "PASS suite / passes",
                "FAIL suite / fails (" + dir.resolve("t.yaml") + ":12:7)",
                "    outcome: expected auto, got dry-run",
                "    parameters.timeZone: expected 'Europe/Paris', got 'UTC'",
                "    reasons: none contains 'something else'");
        assertThat(report.lines()).last().isEqualTo("1 passed, 1 failed");
    }

    @Test
    void testWithoutCasesOrWithBrokenFilesIsNotSuccessful() {
        write(dir, "p.yaml", Fixtures.policy("p", "    - name: r\n      decision: dry-run\n"));
        assertThat(Policies.test(dir).successful()).isFalse();
        assertThat(Policies.test(dir).lines()).containsExactly("no test cases found (kind: PolicyTest)", "0 passed, 0 failed");
        write(dir, "q.yaml", Fixtures.policy("q", "    - name: r\n      decision: nope\n"));
        assertThat(Policies.test(dir).lines()).first().asString().startsWith(dir.resolve("q.yaml") + ":8:17:");
    }

    @Test
    void explainReadsAFindingFileAndExplainsTheDecision() throws Exception {
        Path finding = DefaultLibraryTest.LIBRARY.resolve("tests/findings/unattached-volume-prod.json");
        Decision decision = Policies.explain(finding, DefaultLibraryTest.LIBRARY, EvaluationContext.at(NOW));
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO);
        assertThat(decision.action()).isEqualTo(ActionType.MARK_FOR_OP);
        assertThat(decision.explain()).startsWith("""
                finding unattached-volume:aws/123456789012/eu-west-1/vol-0a1b2c3d4e5f (unattached-volume, \
                aws/123456789012/eu-west-1/vol-0a1b2c3d4e5f)
                decision: auto mark-for-op by policy 'orphans' rule 'volumes-need-approval'
                parameters:
                  actAfter = 2026-11-27T10:00:00Z
                """.replace("\n", System.lineSeparator()))
                .contains("  - policy 'orphans' rule 'volumes-need-approval' (orphans.yaml:16:7) selects this "
                        + "unattached-volume: approve")
                .contains("rules:");
    }

    @Test
    void explainReportsABrokenFindingFileWithItsPosition() {
        Path finding = write(dir, "f.json", "{\n  \"kind\": \"unattached-volume\",\n  \"resource\": 12,\n}");
        assertThatThrownBy(() -> Policies.explain(finding, DefaultLibraryTest.LIBRARY, EvaluationContext.at(NOW)))
                .isInstanceOf(FindingFileException.class)
                .hasMessageStartingWith(finding + ":4:1: Unexpected character ('}'");
        Path incomplete = write(dir, "g.json", "{\"kind\": \"unattached-volume\", \"resource\": \"r\"}");
        assertThatThrownBy(() -> Policies.explain(incomplete, DefaultLibraryTest.LIBRARY, EvaluationContext.at(NOW)))
                .isInstanceOf(FindingFileException.class)
                .hasMessage(incomplete + ":1:1: invalid finding: 'monthlyUsd': Cannot map `null` into type `double` (set "
                        + "DeserializationConfig.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES to 'false' to allow)");
    }

    @Test
    void servicesRefuseAnInvalidPolicySetNamingFileAndLine() {
        write(dir, "p.yaml", Fixtures.policy("p", "    - name: r\n      decision: auto\n      match: {minAge: 3 days}\n"));
        assertThatThrownBy(() -> Policies.engine(dir)).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining(dir.resolve("p.yaml") + ":9:23: 'minAge' must be a duration such as 30m, 12h, 7d or P7D, got '3 days'");
    }
}
