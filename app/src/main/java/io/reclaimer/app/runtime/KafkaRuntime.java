package io.reclaimer.app.runtime;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.kafka.embedded.EmbeddedKafkaBroker;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka this process talks to: an external cluster, or the embedded broker it starts and stops itself. */
public final class KafkaRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRuntime.class);

    private final KafkaClientSettings client;
    private final KafkaSettings settings;
    private final Topics topics;
    private final EmbeddedKafkaBroker broker;

    private KafkaRuntime(KafkaClientSettings client, KafkaSettings settings, Topics topics, EmbeddedKafkaBroker broker) {
        this.client = client;
        this.settings = settings;
        this.topics = topics;
        this.broker = broker;
    }

    /** As {@link #open(KafkaSettings, boolean, Function)} for a process that needs every topic of the catalog. */
    public static KafkaRuntime open(KafkaSettings settings, boolean temporaryDataDir) {
        return open(settings, temporaryDataDir, Topics::all);
    }

    /**
     * Connects (starting the embedded broker when no bootstrap servers are configured), checks that this principal
     * can authenticate within {@link KafkaSettings#connectionTimeout()}, and creates the topics this process
     * needs ({@code needed}) that are missing. A principal without the right to create them fails here naming them.
     * {@code temporaryDataDir} makes the embedded broker's data vanish on close.
     */
    public static KafkaRuntime open(KafkaSettings settings, boolean temporaryDataDir,
                                    Function<Topics, Collection<TopicSpec<?, ?>>> needed) {
        Topics topics = Topics.namespace(settings.topicNamespace());
        EmbeddedKafkaBroker broker = null;
        String bootstrap = settings.bootstrapServers();
        if (settings.embedded()) {
            broker = temporaryDataDir ? EmbeddedKafkaBroker.startTemporary()
                    : EmbeddedKafkaBroker.start(settings.dataDir(), false, Map.of());
            bootstrap = broker.bootstrapServers();
        }
        KafkaClientSettings client = settings.client(bootstrap);
        try {
            ensure(client, settings, needed.apply(topics));
            LOG.info("Kafka at {}: topics in namespace '{}' ready{}", bootstrap, topics.namespace(),
                    client.properties().isEmpty() ? "" : "; client properties " + client.redactedProperties());
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        return new KafkaRuntime(client, settings, topics, broker);
    }

    /** The start-up probe, then the missing topics of {@code needed} created with the configured replication. */
    static void ensure(KafkaClientSettings client, KafkaSettings settings, Collection<TopicSpec<?, ?>> needed) {
        Duration timeout = settings.connectionTimeout();
        KafkaConnectionCheck.verify(client, List.of(), timeout);
        Map<String, Object> config = client.clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            List<String> created = new TopicProvisioner(admin, settings.effectiveReplicationFactor(),
                    settings.effectiveMinInsyncReplicas(), Duration.ofSeconds(30)).ensure(needed);
            if (!created.isEmpty()) {
                LOG.info("created {} topics: {}", created.size(), created);
            }
        } catch (RuntimeException e) {
            throw KafkaConnectionCheck.classify(client, e, timeout,
                    needed.stream().map(TopicSpec::name).toList());
        }
    }

    /** How every client of this process reaches Kafka. */
    public KafkaClientSettings client() {
        return client;
    }

    public String bootstrapServers() {
        return client.bootstrapServers();
    }

    public KafkaSettings settings() {
        return settings;
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
