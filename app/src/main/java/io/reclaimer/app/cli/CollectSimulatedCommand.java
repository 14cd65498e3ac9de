package io.reclaimer.app.cli;

import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.config.StandaloneSettings.Source;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The simulated fleet as a collector of its own, emitting what the real collectors emit. */
@Command(name = "simulated", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stream a simulated fleet's inventory, usage and billing into Kafka.")
final class CollectSimulatedCommand implements Callable<Integer> {

    @Option(names = "--clusters", paramLabel = "N", description = "Simulated clusters (default: simulator.clusters, 3).")
    Integer clusters;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default: simulator.seed, 42).")
    Long seed;

    @Option(names = "--history", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Simulated history sent at start (default: simulator.history, 7d).")
    Duration history;

    @Option(names = "--speed", paramLabel = "X", description = "Simulated seconds per wall second (default: 3600).")
    Double speed;

    @Mixin
    SinkOptions sinkOptions;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        ReclaimerConfig simulated = loaded.withSimulator(loaded.simulator().with(clusters, seed, history, speed));
        // the simulator has nothing to report on /metrics: it serves no endpoints
        return CollectSupport.collect(Source.SIMULATED, simulated, kafka.apply(loaded.kafka()), sinkOptions, null);
    }
}
