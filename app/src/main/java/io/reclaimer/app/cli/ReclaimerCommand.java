package io.reclaimer.app.cli;

import io.reclaimer.app.logging.Logging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code reclaimer} command; every service and tool is a subcommand. */
@Command(name = "reclaimer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Finds the waste in Kubernetes fleets on AWS and takes it back, safely.",
        subcommands = {DemoCommand.class, StandaloneCommand.class, CollectCommand.class, StreamsCommand.class,
            TopicsCommand.class, AclsCommand.class, PolicyCommand.class, ActionsCommand.class, RollbackCommand.class,
            RightsizeCommand.class, TracesCommand.class, BenchCommand.class, ReportCommand.class,
            GitOpsCommand.class})
public final class ReclaimerCommand {

    @Option(names = "--log-format", paramLabel = "text|json", scope = ScopeType.INHERIT,
            description = "Log lines as text (default) or one JSON object a line (logstash format, with the audit fields).")
    void logFormat(String format) {
        Logging.format(Logging.parse(format));
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Reclaimer's debug logs, and Kafka's broker and client logs on the console (the demo writes them to a file).")
    void verbose(boolean verbose) {
        if (verbose) {
            Logging.verbose();
        }
    }
}
