package io.reclaimer.app.cli;

import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.collectors.simulator.FleetSimulator;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The whole pipeline on an embedded broker and a simulated fleet: what Reclaimer does, in a minute. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the whole pipeline on an embedded Kafka broker and a simulated fleet, then print what it would save.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--clusters", paramLabel = "N", description = "Simulated clusters (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int clusters;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).",
            defaultValue = "42")
    long seed;

    @Option(names = "--history", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Simulated history sent at start (default: simulator.history, 7d).")
    Duration history;

    @Option(names = "--speed", paramLabel = "X",
            description = "Simulated seconds per wall-clock second after the history (default: simulator.speed, 3600).")
    Double speed;

    @Mixin
    RunOptions run;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        SimulatorConfig simulation = loaded.simulator().with(clusters, seed, history, speed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Reclaimer demo: %d simulated clusters (seed %d), %s of history, then %.0fx real time.%n",
                simulation.clusters(), simulation.seed(), io.reclaimer.app.config.Durations.format(simulation.history()),
                simulation.speed());
        return PipelineCommandSupport.run(loaded, kafka, run, out, pipeline -> {
            FleetSimulator simulator = new FleetSimulator(simulation, pipeline.topics(), Clock.systemUTC());
            pipeline.addCollector("simulator", (sink, stop) -> simulator.run(sink, Clock.systemUTC(), () -> stop.getCount() == 0));
        });
    }
}
