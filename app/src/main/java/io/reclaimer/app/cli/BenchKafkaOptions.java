package io.reclaimer.app.cli;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.kafka.embedded.BrokerProcess;
import io.reclaimer.kafka.embedded.EmbeddedKafkaBroker;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * Where a benchmark runs: a temporary embedded broker by default, or a cluster of one's own (the same
 * {@code --kafka-bootstrap} and repeatable {@code --kafka-property} as every other command, on top of the {@code kafka}
 * section of {@code --config}). The benchmarks create their own randomly named topics, so they never touch the
 * pipeline's.
 */
final class BenchKafkaOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Measure against this Kafka cluster instead of a temporary embedded broker (the benchmark "
                    + "creates its own randomly named topics there, with replication factor 1, and leaves them).")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property for every producer, consumer, admin and Streams client of the "
                    + "benchmark, e.g. security.protocol=SASL_SSL or sasl.jaas.config=$${dir:/secrets:jaas}; repeatable; "
                    + "added to kafka.clientProperties (this wins).")
    Map<String, String> clientProperties;

    @Option(names = "--broker-jvm",
            description = "Run the temporary embedded broker in a JVM of its own (-Xmx1g; its log in the system's "
                    + "temporary directory), as production runs a broker apart from the analysis: the heap and resident "
                    + "set measured are then the analysis' (with the benchmark's load and probes), and bench fleet adds the "
                    + "broker's CPU to its CPU per sample. It still shares this machine's cores.")
    boolean brokerJvm;

    /** What the benchmark measures against, given the broker it may start (and its process, when it has its own). */
    interface Run<T> {
        T on(KafkaClientSettings kafka, Optional<ProcessHandle> brokerProcess) throws Exception;
    }

    /**
     * Runs {@code body} against the configured cluster (after the same bounded connection check as every command, so
     * wrong credentials end in seconds with one line) or against a temporary embedded broker.
     */
    <T> T run(KafkaSettings configured, Run<T> body) throws Exception {
        Map<String, String> properties = new TreeMap<>(configured.clientProperties());
        if (clientProperties != null) {
            properties.putAll(clientProperties);
        }
        String external = bootstrapServers != null ? bootstrapServers : configured.bootstrapServers();
        if (!external.isEmpty()) {
            KafkaClientSettings kafka = new KafkaClientSettings(external, properties);
            KafkaConnectionCheck.verify(kafka, List.of(), configured.connectionTimeout());
            return body.on(kafka, Optional.empty());
        }
        if (brokerJvm) {
            Path log = Files.createTempFile("reclaimer-bench-broker-", ".log");
            try (BrokerProcess broker = BrokerProcess.start(List.of("-Xmx1g"), log, Duration.ofMinutes(2))) {
                return body.on(new KafkaClientSettings(broker.bootstrapServers(), properties),
                        Optional.of(broker.handle()));
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            return body.on(new KafkaClientSettings(broker.bootstrapServers(), properties), Optional.empty());
        }
    }
}
