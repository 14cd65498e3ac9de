package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.app.CliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reclaimer policy validate|test|explain}: exit codes and output, on the shipped library and broken files. */
class PolicyCommandsTest {

    static final Path LIBRARY = Path.of("..", "policies", "library");
    static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    @Test
    void policyCommandsHaveHelp() {
        for (String[] command : new String[][] {{"policy", "--help"}, {"policy", "validate", "--help"},
            {"policy", "test", "--help"}, {"policy", "explain", "--help"}}) {
            Result result = CliTest.run(command);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.out()).startsWith("Usage: reclaimer policy");
        }
    }

    @Test
    void validateAcceptsTheDefaultLibrary() {
        Result result = CliTest.run("policy", "validate", LIBRARY.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(LIBRARY + ": valid (4 policies, 12 rules, 17 test cases; policies in "
                + "evaluation order: critical-resources, orphans, rightsizing, off-hours)" + NL);
    }

    @Test
    void validatePrintsEveryProblemAsFileLineColumnAndExits1() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - name: r
                      match: {namespace: [shop], expression: "finding.monthlyUsd > 'x'"}
                      decision: auto
                """);
        Result result = CliTest.run("policy", "validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out().lines()).containsExactly(
                file + ":7:15: unknown key 'namespace' in match (did you mean 'namespaces'?)",
                file + ":7:66: invalid expression: found no matching overload for '_>_' applied to '(double, string)' "
                        + "(candidates: (bool, bool),(int, int),(uint, uint),(double, double),(string, string),(bytes, bytes),"
                        + "(google.protobuf.Timestamp, google.protobuf.Timestamp),(google.protobuf.Duration, "
                        + "google.protobuf.Duration),(int, uint),(uint, int),(int, double),(double, int),(uint, double),"
                        + "(double, uint))",
                "2 problems");

        Files.writeString(dir.resolve("guardrails.yaml"), """
                apiVersion: reclaimer.io/v1
                kind: Guardrails
                metadata: {name: g}
                spec:
                  maxActionsPerHour: many
                  changeFreezes: [{name: f, cron: "61 * * * *", duration: 1h}]
                """);
        Result both = CliTest.run("policy", "validate", dir.toString());
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.out().lines()).hasSize(5).startsWith(
                file + ":7:15: unknown key 'namespace' in match (did you mean 'namespaces'?)").endsWith(
                dir.resolve("guardrails.yaml") + ":5:22: 'maxActionsPerHour' must be a whole number, got 'many'",
                dir.resolve("guardrails.yaml") + ":6:35: invalid cron '61 * * * *': Failed to parse cron expression. "
                        + "Value 61 not in range [0, 59]",
                "4 problems");
    }

    @Test
    void testRunsTheLibrarysOwnCasesAndExits0() {
        Result result = CliTest.run("policy", "test", LIBRARY.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("PASS orphans / an unmarked old volume is marked first, without asking")
                .endsWith("17 passed, 0 failed" + NL);
    }

    @Test
    void testExitsNonZeroOnAMismatchAndShowsIt() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  rules:
                    - {name: r, decision: dry-run}
                ---
                apiVersion: reclaimer.io/v1
                kind: PolicyTest
                metadata: {name: t}
                spec:
                  now: 2026-11-20T10:00:00Z
                  cases:
                    - name: wrong expectation
                      finding: {kind: unused-pvc, resource: c/shop/PersistentVolumeClaim/data, resourceKind: PersistentVolumeClaim,
                                resourceName: data, provider: kubernetes, cluster: c, namespace: shop, monthlyUsd: 3.0,
                                since: 2026-10-01T00:00:00Z}
                      expect: {outcome: approve}
                """);
        Result result = CliTest.run("policy", "test", dir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAIL t / wrong expectation (" + dir.resolve("p.yaml") + ":14:7)" + NL
                + "    outcome: expected approve, got dry-run" + NL)
                .endsWith("0 passed, 1 failed" + NL);
    }

    @Test
    void testOfAnInvalidSetExits1WithTheProblems() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: reclaimer.io/v1\nkind: Policy\nmetadata: {name: p}\nspec: {rulez: []}\n");
        Result result = CliTest.run("policy", "test", dir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out().lines()).containsExactly(
                dir.resolve("p.yaml") + ":4:7: missing required key 'rules' in policy spec",
                dir.resolve("p.yaml") + ":4:8: unknown key 'rulez' in policy spec (did you mean 'rules'?)",
                "0 passed, 0 failed");
    }

    @Test
    void explainPrintsTheDecisionAndItsReasons() {
        Result result = CliTest.run("policy", "explain", "--finding",
                LIBRARY.resolve("tests/findings/unattached-volume-prod.json").toString(), "--policies", LIBRARY.toString(),
                "--now", "2026-11-20T10:00:00Z");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("evaluated at 2026-11-20T10:00:00Z" + NL
                + "finding unattached-volume:aws/123456789012/eu-west-1/vol-0a1b2c3d4e5f (unattached-volume, "
                + "aws/123456789012/eu-west-1/vol-0a1b2c3d4e5f)" + NL
                + "decision: auto mark-for-op by policy 'orphans' rule 'volumes-need-approval'" + NL)
                .contains("  markKey = reclaimer:marked-for-op" + NL,
                        "  - guardrail grace-period adjusted: not marked yet: mark it now and delete it after "
                                + "2026-11-27T10:00:00Z (7 days) only if it is still orphaned then" + NL,
                        "  - policy 'rightsizing' rule 'production-needs-approval' (rightsizing.yaml:19:7, approve): does not "
                                + "select: kind 'unattached-volume' is not one of [overprovisioned-container]");
    }

    @Test
    void explainDuringAFreezeAndOverTheHourlyCapSaysSo() {
        String finding = LIBRARY.resolve("tests/findings/unattached-volume-prod.json").toString();
        Result frozen = CliTest.run("policy", "explain", "--finding", finding, "--policies", LIBRARY.toString(),
                "--now", "2026-12-24T10:00:00Z");
        assertThat(frozen.out()).contains("decision: dry-run mark-for-op", "guardrail change-freeze blocked: change freeze 'year-end'");
        Result capped = CliTest.run("policy", "explain", "--finding", finding, "--policies", LIBRARY.toString(),
                "--now", "2026-11-20T10:00:00Z", "--actions-last-hour", "20");
        assertThat(capped.out()).contains("guardrail max-actions-per-hour blocked: 20 actions in the last hour reached the cap of 20");
    }

    @Test
    void explainErrorsAreOneLineNamingTheFile() throws IOException {
        Path finding = dir.resolve("f.json");
        Files.writeString(finding, "{\"kind\": \"unattached-volume\",}");
        Result result = CliTest.run("policy", "explain", "--finding", finding.toString(), "--policies", LIBRARY.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reclaimer: " + finding + ":1:30: Unexpected character ('}'")
                .doesNotContain("\tat ");

        Result missingOption = CliTest.run("policy", "explain", "--finding", finding.toString());
        assertThat(missingOption.exitCode()).isEqualTo(2);
        assertThat(missingOption.err()).startsWith("reclaimer: Missing required option: '--policies=DIR'");

        Result badPolicies = CliTest.run("policy", "explain", "--finding", finding.toString(), "--policies",
                dir.resolve("none").toString());
        assertThat(badPolicies.exitCode()).isEqualTo(1);
        assertThat(badPolicies.err()).startsWith("reclaimer: 1 problem in the policy files:" + NL
                + dir.resolve("none") + ":1:1: no such file or directory");
    }
}
