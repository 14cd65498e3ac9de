package io.reclaimer.app.cli;

import picocli.CommandLine.Command;

/** Benchmarks that run against a real (embedded) broker: too long for the test run, so they are commands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Reclaimer's throughput and latency on this machine.",
        subcommands = {BenchRightsizingCommand.class, BenchFleetCommand.class})
final class BenchCommand {
}
