package io.reclaimer.app.cli;

import picocli.CommandLine.Command;

/** The root {@code reclaimer} command; every service and tool is a subcommand. */
@Command(name = "reclaimer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Finds the waste in Kubernetes fleets on AWS and takes it back, safely.",
        subcommands = {DemoCommand.class, StandaloneCommand.class, CollectCommand.class, StreamsCommand.class,
            TopicsCommand.class, PolicyCommand.class, ActionsCommand.class, RollbackCommand.class,
            RightsizeCommand.class, BenchCommand.class, ReportCommand.class, GitOpsCommand.class})
public final class ReclaimerCommand {
}
