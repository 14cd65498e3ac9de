package io.reclaimer.app.config;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where Kafka is and how to reach it.
 *
 * @param bootstrapServers  an external cluster ({@code host:port,...}); empty starts the embedded broker (default empty)
 * @param dataDir           the embedded broker's log directory (default {@code reclaimer-data/kafka})
 * @param topicNamespace    prefix of every topic name, so installations can share a cluster (default {@code reclaimer})
 * @param replicationFactor replication of the topics Reclaimer creates (default 3 on an external cluster, 1 on the
 *                          embedded broker)
 * @param minInsyncReplicas {@code min.insync.replicas} of the topics Reclaimer creates (default 2 on an external
 *                          cluster, never more than the replication factor; 1 on the embedded broker)
 * @param clientProperties  Kafka client properties given to every producer, consumer, admin and Streams client:
 *                          {@code security.protocol}, {@code ssl.*}, {@code sasl.*}...; secrets as {@code ${file:...}}
 *                          or {@code ${dir:...}} references (default none)
 * @param agentId           this collector agent's name: its own prior state lives in the topic
 *                          {@code <namespace>.agent-state.<agentId>} (default: the collector's kind, e.g.
 *                          {@code kubernetes-collector}; set one per agent when several run)
 * @param connectionTimeout how long the start-up connection check waits for the cluster to answer and authenticate
 *                          before the command ends with one line naming the cause (default 20 s; at most 5 min)
 */
public record KafkaSettings(String bootstrapServers, Path dataDir, String topicNamespace, Short replicationFactor,
                            Short minInsyncReplicas, Map<String, String> clientProperties, String agentId,
                            Duration connectionTimeout) {

    public KafkaSettings {
        bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.trim();
        dataDir = dataDir == null ? Path.of("reclaimer-data", "kafka") : dataDir;
        topicNamespace = topicNamespace == null || topicNamespace.isBlank() ? "reclaimer" : topicNamespace;
        if (replicationFactor != null && replicationFactor < 1) {
            throw new IllegalArgumentException("kafka.replicationFactor must be at least 1, was " + replicationFactor);
        }
        if (minInsyncReplicas != null && minInsyncReplicas < 1) {
            throw new IllegalArgumentException("kafka.minInsyncReplicas must be at least 1, was " + minInsyncReplicas);
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(new TreeMap<>(clientProperties));
        agentId = agentId == null ? "" : agentId.trim();
        if (!agentId.isEmpty() && !agentId.matches("[a-zA-Z0-9_-]+")) {
            throw new IllegalArgumentException("kafka.agentId must use letters, digits, '-' and '_', was '" + agentId + "'");
        }
        connectionTimeout = connectionTimeout == null ? KafkaConnectionCheck.DEFAULT_TIMEOUT : connectionTimeout;
        if (connectionTimeout.isNegative() || connectionTimeout.isZero()
                || connectionTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("kafka.connectionTimeout must be more than 0 and at most 5m, was "
                    + connectionTimeout);
        }
        // checked here so a bad property fails at start-up with the config error, not at the first client
        if (!bootstrapServers.isEmpty()) {
            new KafkaClientSettings(bootstrapServers, clientProperties);
        }
    }

    /** An external cluster, or the embedded broker when {@code bootstrapServers} is empty, with the defaults. */
    public KafkaSettings(String bootstrapServers, Path dataDir, String topicNamespace, short replicationFactor) {
        this(bootstrapServers, dataDir, topicNamespace, replicationFactor <= 0 ? null : replicationFactor, null, null,
                null, null);
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    /** The replication factor of created topics: as configured, else 1 on the embedded broker and 3 elsewhere. */
    public short effectiveReplicationFactor() {
        return replicationFactor != null ? replicationFactor : embedded() ? (short) 1 : (short) 3;
    }

    /** {@code min.insync.replicas} of created topics: as configured, else 2 (1 on the embedded broker), at most the RF. */
    public short effectiveMinInsyncReplicas() {
        short rf = effectiveReplicationFactor();
        short wanted = minInsyncReplicas != null ? minInsyncReplicas : embedded() ? (short) 1 : (short) 2;
        return (short) Math.min(wanted, rf);
    }

    /** How clients reach {@code bootstrap} (the external cluster, or the embedded broker's address). */
    public KafkaClientSettings client(String bootstrap) {
        return new KafkaClientSettings(bootstrap, clientProperties);
    }

    /** {@link #agentId} when set, else {@code fallback}. */
    public String agentIdOr(String fallback) {
        return agentId.isEmpty() ? fallback : agentId;
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, dataDir, topicNamespace, replicationFactor, minInsyncReplicas,
                clientProperties, agentId, connectionTimeout);
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", dataDir=" + dataDir + ", topicNamespace="
                + topicNamespace + ", replicationFactor=" + replicationFactor + ", minInsyncReplicas=" + minInsyncReplicas
                + ", clientProperties=" + KafkaClientSettings.redact(clientProperties) + ", agentId=" + agentId + ", connectionTimeout=" + connectionTimeout + "]";
    }
}
