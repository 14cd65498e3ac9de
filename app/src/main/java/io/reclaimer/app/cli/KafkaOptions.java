package io.reclaimer.app.cli;

import io.reclaimer.app.config.KafkaSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reaches Kafka; overrides the {@code kafka} section of the config file. */
public final class KafkaOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of starting the embedded broker.")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded broker and the state stores keep their data (kept between runs).")
    Path dataDir;

    @Option(names = "--topic-namespace", paramLabel = "NAME",
            description = "Prefix of every topic name (default: reclaimer).")
    String topicNamespace;

    public KafkaSettings apply(KafkaSettings settings) {
        return new KafkaSettings(bootstrapServers != null ? bootstrapServers : settings.bootstrapServers(),
                dataDir != null ? dataDir.resolve("kafka") : settings.dataDir(),
                topicNamespace != null ? topicNamespace : settings.topicNamespace(), settings.replicationFactor());
    }

    public Path dataDir() {
        return dataDir;
    }
}
