package io.reclaimer.app.cli;

import picocli.CommandLine.Command;

/** Groups the policy tools: the checks a policy change goes through in review, before a service loads it. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Validate, test and explain policy files (see docs/policies.md).",
        subcommands = {PolicyValidateCommand.class, PolicyTestCommand.class, PolicyExplainCommand.class})
final class PolicyCommand {
}
