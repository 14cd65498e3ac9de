package io.reclaimer.policies;

import io.reclaimer.policies.loading.Diagnostic;
import io.reclaimer.policies.loading.PolicyTestCase;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code reclaimer policy test DIR}: per case, what did not match. Successful only when the
 * files loaded without problems, at least one case ran, and no case failed.
 */
public record PolicyTestReport(List<Diagnostic> diagnostics, List<CaseResult> results) {

    public PolicyTestReport {
        diagnostics = List.copyOf(diagnostics);
        results = List.copyOf(results);
    }

    public long passed() {
        return results.stream().filter(CaseResult::passed).count();
    }

    public long failed() {
        return results.size() - passed();
    }

    public boolean successful() {
        return diagnostics.isEmpty() && !results.isEmpty() && failed() == 0;
    }

    /** Human-readable lines: one per case ({@code PASS}/{@code FAIL}), mismatches indented, then a summary. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        diagnostics.forEach(d -> lines.add(d.toString()));
        for (CaseResult result : results) {
            lines.add((result.passed() ? "PASS " : "FAIL ") + result.testCase().suite() + " / " + result.testCase().name()
                    + (result.passed() ? "" : " (" + result.testCase().location() + ")"));
            result.mismatches().forEach(m -> lines.add("    " + m));
            if (!result.passed()) {
                result.details().forEach(d -> lines.add("      | " + d));
            }
        }
        if (diagnostics.isEmpty() && results.isEmpty()) {
            lines.add("no test cases found (kind: PolicyTest)");
        }
        lines.add(passed() + " passed, " + failed() + " failed");
        return lines;
    }

    /** One case: {@code mismatches} empty means it passed; {@code details} is the actual decision's explanation. */
    public record CaseResult(PolicyTestCase testCase, List<String> mismatches, List<String> details) {
        public CaseResult {
            mismatches = List.copyOf(mismatches);
            details = List.copyOf(details);
        }

        public boolean passed() {
            return mismatches.isEmpty();
        }
    }
}
