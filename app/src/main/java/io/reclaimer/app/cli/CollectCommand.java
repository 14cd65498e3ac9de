package io.reclaimer.app.cli;

import picocli.CommandLine.Command;

/** Groups the collectors: one per source, each deployable on its own. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Stream observations from a source into Kafka.",
        subcommands = {CollectSimulatedCommand.class, CollectAwsCommand.class, CollectKubernetesCommand.class})
final class CollectCommand {
}
