package io.reclaimer.app.cli;

import io.reclaimer.app.rightsizing.TraceCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reclaimer traces --output DIR [--seed N]}: writes the simulator's backtest corpus (docs/traces is seed 42);
 * another seed draws the same archetypes afresh, a corpus that tuning on docs/traces never saw.
 */
@Command(name = "traces", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the fleet simulator's backtest traces (steady, diurnal, spiky, batch, leaking; 14 days,",
            "a sample every 10 minutes) as rightsize CSVs. docs/traces holds seed 42; other seeds hold out."})
final class TracesCommand implements Callable<Integer> {

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory to write <trace>.csv into.")
    Path output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> files = TraceCorpus.write(output, seed);
        files.forEach(file -> spec.commandLine().getOut().println(file));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
