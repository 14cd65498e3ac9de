package io.reclaimer.app.cli;

import io.reclaimer.policies.Policies;
import io.reclaimer.policies.PolicyTestReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reclaimer policy test DIR}: runs the test cases stored next to the policies, like {@code kyverno test}. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the test cases (kind: PolicyTest) found in DIR against the policy set found in DIR.",
            "Exits 0 when every case passes; 1 on any mismatch, on invalid files, or when there is no case."})
final class PolicyTestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The policy directory (policies, guardrails and tests).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PolicyTestReport report = Policies.test(dir);
        report.lines().forEach(out::println);
        out.flush();
        return report.successful() ? 0 : 1;
    }
}
