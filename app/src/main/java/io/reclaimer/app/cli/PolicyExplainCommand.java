package io.reclaimer.app.cli;

import io.reclaimer.policies.Policies;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.loading.FindingFiles.FindingFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reclaimer policy explain}: the decision for one finding, with its reasons and every rule's response. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show the decision the policies make for one finding, its parameters, the reasons and how every rule responded.")
final class PolicyExplainCommand implements Callable<Integer> {

    @Option(names = "--finding", required = true, paramLabel = "FILE.json", description = "A finding (finding/v1 JSON).")
    Path finding;

    @Option(names = "--policies", required = true, paramLabel = "DIR", description = "The policy directory or file.")
    Path policies;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "Evaluate as of this ISO-8601 instant (default: the current time), e.g. 2026-11-20T10:00:00Z.")
    Instant now;

    @Option(names = "--actions-last-hour", paramLabel = "N", defaultValue = "0",
            description = "Actions already counted in the last hour, for the hourly cap (default: ${DEFAULT-VALUE}).")
    int actionsLastHour;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws FindingFileException {
        if (actionsLastHour < 0) {
            throw new IllegalArgumentException("--actions-last-hour must be >= 0");
        }
        EvaluationContext context = EvaluationContext.at(now == null ? Instant.now() : now).withActionsLastHour(actionsLastHour);
        Decision decision = Policies.explain(finding, policies, context);
        PrintWriter out = spec.commandLine().getOut();
        out.println("evaluated at " + context.now());
        out.println(decision.explain());
        out.flush();
        return 0;
    }
}
