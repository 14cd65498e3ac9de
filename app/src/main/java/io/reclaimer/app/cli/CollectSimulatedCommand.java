package io.reclaimer.app.cli;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.CollectorAgent;
import io.reclaimer.collectors.simulator.FleetSimulator;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The simulated fleet as a collector of its own, emitting what the real collectors emit. */
@Command(name = "simulated", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stream a simulated fleet's inventory, usage and billing into Kafka.")
public final class CollectSimulatedCommand implements Callable<Integer> {

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
    public Integer call() {
        ReclaimerConfig loaded = config.load();
        KafkaSettings settings = kafka.apply(loaded.kafka());
        SimulatorConfig simulation = loaded.simulator().with(clusters, seed, history, speed);
        Topics topics = Topics.namespace(settings.topicNamespace());
        FleetSimulator simulator = new FleetSimulator(simulation, topics, Clock.systemUTC());
        // the simulator derives nothing from what it sent before: no state topic
        try (CollectorAgent agent = sinkOptions.open(settings, topics, "reclaimer-simulator", null)) {
            EventSink sink = agent.sink();
            if (sinkOptions.once()) {
                simulator.emitHistory(sink);
            } else {
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                simulator.run(sink, Clock.systemUTC(), () -> stopped.getCount() == 0);
            }
            sink.flush();
        }
        return 0;
    }
}
