package io.reclaimer.app.cli;

import io.reclaimer.policies.loading.Diagnostic;
import io.reclaimer.policies.loading.PolicyFiles;
import io.reclaimer.policies.loading.PolicyLoader;
import io.reclaimer.policies.rules.Policy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reclaimer policy validate DIR|FILE}: every schema problem as {@code file:line:column: message}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check policy, guardrails and test files. Prints every problem as file:line:column: message",
            "and exits 1 when there is any, 0 when the set is valid."})
final class PolicyValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR|FILE", description = "A policy file, or a directory read recursively (*.yaml, *.yml).")
    Path path;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PolicyFiles files = PolicyLoader.read(path);
        for (Diagnostic problem : files.diagnostics()) {
            out.println(problem);
        }
        if (!files.valid()) {
            int count = files.diagnostics().size();
            out.println(count + " problem" + (count == 1 ? "" : "s"));
            out.flush();
            return 1;
        }
        int rules = files.policySet().policies().stream().mapToInt(p -> p.rules().size()).sum();
        out.println(path + ": valid (" + files.policySet().policies().size() + " policies, " + rules + " rules, "
                + files.tests().size() + " test cases; policies in evaluation order: "
                + String.join(", ", files.policySet().policies().stream().map(Policy::name).toList()) + ")");
        out.flush();
        return 0;
    }
}
