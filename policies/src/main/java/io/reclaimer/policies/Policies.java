package io.reclaimer.policies;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.policies.evaluation.PolicySet;
import io.reclaimer.policies.loading.Diagnostic;
import io.reclaimer.policies.loading.FindingFiles;
import io.reclaimer.policies.loading.FindingFiles.FindingFileException;
import io.reclaimer.policies.loading.PolicyFiles;
import io.reclaimer.policies.loading.PolicyLoadException;
import io.reclaimer.policies.loading.PolicyLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry points of the policies module, for services and the CLI:
 * {@link #engine} (services refuse to start when it throws), {@link #validate}, {@link #test} and
 * {@link #explain} ({@code reclaimer policy validate|test|explain}). Reading policy and finding files is the
 * only I/O; time always comes in through the {@link EvaluationContext}.
 */
public final class Policies {
    private Policies() {
    }

    /** The engine for the policy set at {@code path}; {@link PolicyLoadException} names every problem. */
    public static PolicyEngine engine(Path path) {
        return new PolicyEngine(PolicyLoader.load(path));
    }

    /** The policy set at {@code path}; {@link PolicyLoadException} names every problem. */
    public static PolicySet load(Path path) {
        return PolicyLoader.load(path);
    }

    /** A digest of the policy files at {@code path}: it changes exactly when what {@link #engine} reads changes. */
    public static String fingerprint(Path path) {
        return PolicyLoader.fingerprint(path);
    }

    /** Every problem in the files at {@code path} (policies, guardrails and tests), sorted; empty = valid. */
    public static List<Diagnostic> validate(Path path) {
        return PolicyLoader.read(path).diagnostics();
    }

    /** Runs every {@code kind: PolicyTest} case found at {@code path} against the policy set found there. */
    public static PolicyTestReport test(Path path) {
        PolicyFiles files = PolicyLoader.read(path);
        if (!files.valid()) {
            return new PolicyTestReport(files.diagnostics(), List.of());
        }
        PolicyEngine engine = new PolicyEngine(files.policySet());
        return new PolicyTestReport(List.of(), files.tests().stream().map(c -> PolicyTests.run(engine, c)).toList());
    }

    /** The decision, with its reasons and the response of every rule, for one finding file. */
    public static Decision explain(Path findingFile, Path policies, EvaluationContext context)
            throws FindingFileException {
        PolicyEngine engine = engine(policies);
        Finding finding = FindingFiles.read(findingFile);
        return engine.evaluate(finding, context);
    }
}
