package io.reclaimer.policies;

import static io.reclaimer.policies.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.policies.loading.Diagnostic;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code match.gitops}: policies select on who owns a workload's YAML. */
class GitOpsSelectorTest {

    @TempDir
    Path dir;

    @Test
    void policyTestCasesSelectArgoCdFluxAndUnmanagedWorkloads() throws URISyntaxException {
        Path policies = Path.of(GitOpsSelectorTest.class.getResource("/gitops/gitops.yaml").toURI());
        PolicyTestReport report = Policies.test(policies);
        assertThat(report.lines()).as(String.join("\n", report.lines())).last().asString().isEqualTo("4 passed, 0 failed");
        assertThat(report.successful()).isTrue();
    }

    @Test
    void anUnknownToolIsAnErrorWithFileLineAndASuggestion() {
        write(dir, "p.yaml", """
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata:
                  name: p
                spec:
                  rules:
                    - name: r
                      match:
                        gitops: [argocd, fluxcd]
                      decision: dry-run
                    - name: s
                      match:
                        gitops: {tool: argocd}
                      decision: dry-run
                """);
        List<String> problems = Policies.validate(dir).stream().map(Diagnostic::toString).toList();
        String file = dir.resolve("p.yaml").toString();
        assertThat(problems).containsExactly(
                file + ":9:26: 'gitops' must be argocd, flux or none, got 'fluxcd' (did you mean 'flux'?)",
                file + ":13:17: 'gitops' must be a non-empty string, got a mapping");
    }
}
