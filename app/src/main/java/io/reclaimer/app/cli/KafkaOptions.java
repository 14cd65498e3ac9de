package io.reclaimer.app.cli;

import io.reclaimer.app.config.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** How a command reaches Kafka; overrides the {@code kafka} section of the config file. */
final class KafkaOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of starting the embedded broker.")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded broker and the state stores keep their data (kept between runs).")
    Path dataDir;

    @Option(names = "--topic-namespace", paramLabel = "NAME",
            description = "Prefix of every topic name (default: reclaimer).")
    String topicNamespace;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property for every producer, consumer, admin and Streams client, e.g. "
                    + "security.protocol=SASL_SSL or sasl.jaas.config=$${dir:/secrets:jaas}; repeatable; added to "
                    + "kafka.clientProperties (this wins).")
    Map<String, String> clientProperties;

    public KafkaSettings apply(KafkaSettings settings) {
        Map<String, String> properties = new TreeMap<>(settings.clientProperties());
        if (clientProperties != null) {
            properties.putAll(clientProperties);
        }
        return new KafkaSettings(bootstrapServers != null ? bootstrapServers : settings.bootstrapServers(),
                dataDir != null ? dataDir.resolve("kafka") : settings.dataDir(),
                topicNamespace != null ? topicNamespace : settings.topicNamespace(), settings.replicationFactor(),
                settings.minInsyncReplicas(), properties, settings.agentId(), settings.connectionTimeout());
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Whether the embedded broker and the state stores of this run vanish when it ends: only for commands that
     * are throwaway by nature (the demo) and only without {@code --data-dir}. Every service keeps its data in
     * {@code kafka.dataDir} and {@code analysis.stateDir}, because an action ledger or a week of histograms lost
     * at a restart is a production incident, not a clean-up.
     */
    public boolean throwaway(boolean throwawayByDefault) {
        return throwawayByDefault && dataDir == null;
    }

    /** {@code --data-dir}/streams when given, else the configured {@code analysis.stateDir}. */
    public Path streamsStateDir(Path configured) {
        return dataDir != null ? dataDir.resolve("streams") : configured;
    }
}
