package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.policies.loading.Diagnostic;
import io.reclaimer.policies.loading.PolicyLoadException;
import io.reclaimer.policies.loading.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every schema problem is reported as file:line:column: message, several at once, nothing silently ignored. */
class BrokenPolicyFilesTest {

    @TempDir
    Path dir;

    private List<String> problems(String yaml) {
        write(dir, "p.yaml", yaml);
        return Policies.validate(dir).stream().map(Diagnostic::toString).toList();
    }

    private String file() {
        return dir.resolve("p.yaml").toString();
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata:
                  name: orphans
                spec:
                  rules:
                    - name: big
                      match:
                        minMonthlyUSD: 10
                      decision: approve
                      approvers: ["@finops"]
                """)).containsExactly(file() + ":9:9: unknown key 'minMonthlyUSD' in match (did you mean 'minMonthlyUsd'?)");
    }

    @Test
    void unknownGuardrailKeyIsAnErrorSoATypoCannotDisableAGuardrail() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Guardrails
                metadata: {name: g}
                spec:
                  protectedNamespace: [kube-*]
                """)).containsExactly(file() + ":5:3: unknown key 'protectedNamespace' in guardrails spec"
                + " (did you mean 'protectedNamespaces'?)");
    }

    @Test
    void wrongTypesAreReportedAtTheValue() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata:
                  name: orphans
                spec:
                  rules:
                    - name: big
                      match:
                        kinds: unattached-volume
                        minMonthlyUsd: lots
                        minConfidence: 1.5
                      decision: sometimes
                      parameters:
                        snapshot: "yes please"
                        graceDays: -1
                """)).containsExactly(
                file() + ":9:16: 'kinds' must be a list, got 'unattached-volume'",
                file() + ":10:24: 'minMonthlyUsd' must be a number, got 'lots'",
                file() + ":11:24: 'minConfidence' must be between 0 and 1, got 1.5",
                file() + ":12:17: 'decision' must be one of deny, dry-run, approve, auto, got 'sometimes'",
                file() + ":14:19: 'snapshot' must be true or false, got 'yes please'",
                file() + ":15:20: 'graceDays' must be at least 0, got -1");
    }

    @Test
    void badCelIsReportedAtTheExactCharacterOfTheExpression() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata:
                  name: orphans
                spec:
                  rules:
                    - name: typo
                      match:
                        expression: finding.nmespace == 'shop'
                      decision: deny
                    - name: block
                      match:
                        expression: |
                          finding.monthlyUsd > 5.0 &&
                            finding.labels.team == 7
                      decision: deny
                """)).containsExactly(
                file() + ":9:28: invalid expression: undefined field 'nmespace'",
                file() + ":15:33: invalid expression: found no matching overload for '_==_' applied to '(string, int)'"
                        + " (candidates: (%A0, %A0))");
    }

    @Test
    void foldedAndMultiLinePlainExpressionsAreLocatedOnTheirOwnLine() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      match:
                        expression: >-
                          finding.cluster.matches('^dev') ||
                          finding.colour == 'x'
                      decision: deny
                    - name: s
                      match:
                        expression: finding.cluster == 'a' &&
                          finding.size > 3
                      decision: deny
                """)).containsExactly(
                file() + ":10:18: invalid expression: undefined field 'colour'",
                file() + ":15:18: invalid expression: undefined field 'size'");
    }

    @Test
    void quotedExpressionPositionsSkipTheQuote() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      match: {expression: "finding.monthlyUsd > 'x'"}
                      decision: deny
                """)).singleElement().asString().startsWith(file() + ":7:47: invalid expression: found no matching overload for '_>_'");
    }

    @Test
    void badCronAndBadDurationAreReported() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Guardrails
                metadata: {name: g}
                spec:
                  changeFreezes:
                    - name: year-end
                      cron: "0 0 32 12 *"
                      duration: two weeks
                      timeZone: Mars/Olympus
                """)).containsExactly(
                file() + ":7:13: invalid cron '0 0 32 12 *': Failed to parse cron expression. Value 32 not in range [1, 31]",
                file() + ":8:17: 'duration' must be a duration such as 30m, 12h, 7d or P7D, got 'two weeks'",
                file() + ":9:17: 'timeZone' must be a time zone such as UTC or Europe/Paris, got 'Mars/Olympus'");
    }

    @Test
    void aScheduleWindowThatIsNotOneIsReportedWithItsPosition() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      decision: dry-run
                      parameters: {scheduleWindow: "Mon-Fri 07:00-07:00"}
                """)).singleElement().asString().startsWith(file() + ":8:36: 'scheduleWindow': invalid uptime window "
                + "'Mon-Fri 07:00-07:00': start and end are equal");
    }

    @Test
    void missingKeysUnknownKindsAndWrongApiVersionAreReported() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v2
                kind: Policy
                metadata:
                  name: p
                spec:
                  rules:
                    - match: {kinds: [unattached-volumes]}
                ---
                apiVersion: reclaimer.io/v1
                kind: Polcy
                metadata: {name: q}
                spec: {}
                """)).containsExactly(
                file() + ":1:13: unsupported apiVersion 'reclaimer.io/v2' (expected reclaimer.io/v1)",
                file() + ":7:7: missing required key 'decision' in rule",
                file() + ":7:7: missing required key 'name' in rule",
                file() + ":7:23: unknown finding kind 'unattached-volumes' (did you mean 'unattached-volume'?)",
                file() + ":10:7: unknown kind 'Polcy' (did you mean 'Policy'?)");
    }

    @Test
    void duplicateKeysAndNamesAreErrors() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      decision: deny
                      decision: auto
                    - name: r
                      decision: deny
                """)).containsExactly(
                file() + ":8:7: duplicate key 'decision' in rule",
                file() + ":9:7: duplicate rule name 'r' in policy 'p'");
    }

    @Test
    void invalidYamlIsReportedWhereTheParserStopped() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p
                spec: {}
                """)).singleElement().asString().startsWith(file() + ":4:5: invalid YAML:");
    }

    @Test
    void approveWithoutAnyApproverIsAnError() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      decision: approve
                """)).containsExactly(file() + ":6:7: rule 'r' says approve but names no approvers and the guardrails"
                + " have no approvals.defaultApprovers");
    }

    @Test
    void approvalSettingsOnANonApproveRuleAreErrors() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      decision: auto
                      approvers: ["@x"]
                """)).containsExactly(file() + ":8:7: 'approvers' only applies to decision approve, this rule says auto");
    }

    @Test
    void aSecondGuardrailsDocumentIsAnError() {
        write(dir, "a.yaml", Fixtures.guardrails("  maxActionsPerHour: 5\n"));
        write(dir, "b.yaml", Fixtures.guardrails("  maxActionsPerHour: 50\n"));
        assertThat(Policies.validate(dir)).map(Diagnostic::toString)
                .containsExactly(dir.resolve("b.yaml") + ":2:7: a policy set has one Guardrails document; another is at a.yaml:1:1");
    }

    @Test
    void loadingABrokenSetThrowsWithEveryProblem() {
        write(dir, "p.yaml", Fixtures.policy("p", "    - name: r\n      decision: maybe\n      match: {minAge: soon}\n"));
        assertThatThrownBy(() -> PolicyLoader.load(dir)).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("2 problems in the policy files:")
                .hasMessageContaining(dir.resolve("p.yaml") + ":8:17: 'decision' must be one of deny, dry-run, approve, auto, got 'maybe'")
                .hasMessageContaining(dir.resolve("p.yaml") + ":9:23: 'minAge' must be a duration");
    }

    @Test
    void aMissingPathIsReported() {
        assertThat(Policies.validate(dir.resolve("nope"))).map(Diagnostic::toString)
                .containsExactly(dir.resolve("nope") + ":1:1: no such file or directory");
    }

    @Test
    void brokenTestCasesAreReportedToo() {
        assertThat(problems("""
                apiVersion: reclaimer.io/v1
                kind: PolicyTest
                metadata: {name: t}
                spec:
                  cases:
                    - name: c
                      now: 2026-11-20T10:00:00Z
                      finding: {kind: unattached-volume, resource: r, resourceKind: V, resourceName: v, provider: aws,
                                monthlyUsd: 1.0, since: 2026-01-01T00:00:00Z, colour: blue}
                      expect: {outcome: deny}
                    - name: d
                      finding: {kind: unattached-volume, resource: r, resourceKind: V, resourceName: v, provider: aws,
                                monthlyUsd: 1.0, since: 2026-01-01T00:00:00Z, observedAt: 2026-01-01T00:00:00Z}
                      expect: {outcome: deny, stopped: true}
                """)).containsExactly(
                file() + ":8:16: invalid finding: Unrecognized field \"colour\" (class io.reclaimer.model.findings.Finding),"
                        + " not marked as ignorable",
                file() + ":11:7: test case needs 'now' (in the case or the test spec): evaluation never reads the clock",
                file() + ":14:31: 'stopped' can only be expected of a case with 'findings'");
    }
}
