package io.reclaimer.app.config;

import java.nio.file.Path;

/**
 * Where Kafka is.
 *
 * @param bootstrapServers  an external cluster ({@code host:port,...}); empty starts the embedded broker (default empty)
 * @param dataDir           the embedded broker's log directory (default {@code reclaimer-data/kafka})
 * @param topicNamespace    prefix of every topic name, so installations can share a cluster (default {@code reclaimer})
 * @param replicationFactor replication of the topics Reclaimer creates (default 1; use 3 on a production cluster)
 */
public record KafkaSettings(String bootstrapServers, Path dataDir, String topicNamespace, short replicationFactor) {

    public KafkaSettings {
        bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.trim();
        dataDir = dataDir == null ? Path.of("reclaimer-data", "kafka") : dataDir;
        topicNamespace = topicNamespace == null || topicNamespace.isBlank() ? "reclaimer" : topicNamespace;
        replicationFactor = replicationFactor <= 0 ? 1 : replicationFactor;
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }
}
