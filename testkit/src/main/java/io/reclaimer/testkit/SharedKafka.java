package io.reclaimer.testkit;

import io.reclaimer.kafka.embedded.EmbeddedKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, started on first use and stopped when the JVM exits. With a Docker
 * engine it is Testcontainers' Kafka (image from {@code -Dreclaimer.it.kafka-image}); without one it is
 * the embedded KRaft broker from Apache Kafka's own jars. {@code -Dreclaimer.it.broker=embedded} forces
 * the embedded broker even where Docker exists; {@code -Dreclaimer.it.bootstrap=HOST:PORT} uses a broker
 * that is already running.
 */
final class SharedKafka {

    private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
    private static final String DEFAULT_IMAGE = "apache/kafka:4.1.1";

    private static String bootstrapServers;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
        }
        return bootstrapServers;
    }

    private static String start() {
        String external = System.getProperty("reclaimer.it.bootstrap");
        if (external != null && !external.isBlank()) {
            LOG.info("integration tests use the external broker {}", external);
            return external;
        }
        boolean forceEmbedded = "embedded".equals(System.getProperty("reclaimer.it.broker"));
        if (!forceEmbedded && dockerAvailable()) {
            KafkaContainer container = new KafkaContainer(System.getProperty("reclaimer.it.kafka-image", DEFAULT_IMAGE));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
            LOG.info("integration tests use Testcontainers Kafka at {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        return broker.bootstrapServers();
    }

    private static boolean dockerAvailable() {
        // asking Testcontainers without any Docker endpoint only logs an alarming ERROR; skip it
        boolean endpoint = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!endpoint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
