package io.reclaimer.app.cli;

import picocli.CommandLine.Command;

/** Groups the GitOps tools: rightsizing as a change of the YAML in Git instead of the cluster. */
@Command(name = "gitops", mixinStandardHelpOptions = true,
        description = "Rightsizing where Git is the source of truth (see docs/gitops.md).",
        subcommands = {GitOpsPatchCommand.class})
final class GitOpsCommand {
}
