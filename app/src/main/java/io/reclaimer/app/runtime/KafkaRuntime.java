package io.reclaimer.app.runtime;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.kafka.embedded.EmbeddedKafkaBroker;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka this process talks to: an external cluster, or the embedded broker it starts and stops itself. */
public final class KafkaRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRuntime.class);

    private final String bootstrapServers;
    private final Topics topics;
    private final EmbeddedKafkaBroker broker;

    private KafkaRuntime(String bootstrapServers, Topics topics, EmbeddedKafkaBroker broker) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.broker = broker;
    }

    /**
     * Connects (starting the embedded broker when no bootstrap servers are configured) and creates the
     * catalog's topics that are missing. {@code temporaryDataDir} makes the embedded broker's data vanish on close.
     */
    public static KafkaRuntime open(KafkaSettings settings, boolean temporaryDataDir) {
        Topics topics = Topics.namespace(settings.topicNamespace());
        EmbeddedKafkaBroker broker = null;
        String bootstrap = settings.bootstrapServers();
        if (settings.embedded()) {
            broker = temporaryDataDir ? EmbeddedKafkaBroker.startTemporary()
                    : EmbeddedKafkaBroker.start(settings.dataDir(), false, Map.of());
            bootstrap = broker.bootstrapServers();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            List<String> created = new TopicProvisioner(admin, settings.replicationFactor(), Duration.ofSeconds(30))
                    .ensure(topics.all());
            LOG.info("Kafka at {}: {} topics in namespace '{}' ({} created)", bootstrap, topics.all().size(),
                    topics.namespace(), created.size());
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        return new KafkaRuntime(bootstrap, topics, broker);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Topics topics() {
        return topics;
    }

    public boolean embedded() {
        return broker != null;
    }

    public Path dataDir() {
        return broker == null ? null : broker.dataDir();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
