package io.reclaimer.model.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalog: its name, how keys and values are encoded, and how it is created.
 * Topics in the same non-empty {@code copartitionGroup} are joined on their key and must have the same
 * partition count; {@link TopicProvisioner} refuses to run when they do not.
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                              Cleanup cleanup, Duration retention, String copartitionGroup, String description) {

    public enum Cleanup { DELETE, COMPACT }

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be >= 1");
        }
    }

    /** Topic-level configs to create the topic with. */
    public Map<String, String> configs() {
        if (cleanup == Cleanup.COMPACT) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    // tombstones must outlive the slowest consumer's restart so deletions are seen
                    TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
        }
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
}
