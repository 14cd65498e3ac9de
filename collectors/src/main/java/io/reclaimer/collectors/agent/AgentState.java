package io.reclaimer.collectors.agent;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's prior state, read from its own state topic at start-up (see {@link AgentStateSink}): the keys it
 * has live on each compacted topic, and their values. Reading it needs read access to that one topic only, never to
 * the fleet's topics, which hold every other cluster's and account's records too.
 */
public final class AgentState {

    private static final Logger LOG = LoggerFactory.getLogger(AgentState.class);
    private static final char SEPARATOR = '|';

    private final Map<String, Map<String, byte[]>> byTopic;

    private AgentState(Map<String, Map<String, byte[]>> byTopic) {
        this.byTopic = byTopic;
    }

    /** Nothing published before: a first start, or {@code --output -}. */
    public static AgentState empty() {
        return new AgentState(Map.of());
    }

    /** The compacted topics an agent publishes on and must remember across restarts. */
    static Set<String> mirroredTopics(Topics topics) {
        return Set.of(topics.workloads().name(), topics.kubernetesInventory().name(), topics.cloudInventory().name(),
                topics.billingLines().name());
    }

    static String stateKey(TopicSpec<String, ?> topic, String key) {
        return topic.name() + SEPARATOR + key;
    }

    /** Reads the agent's state topic to its end. */
    public static AgentState read(KafkaClientSettings kafka, Topics topics, String agentId, Duration timeout) {
        TopicSpec<String, byte[]> state = topics.agentState(agentId);
        Map<String, Map<String, byte[]>> byTopic = new HashMap<>();
        CompactedTopicReader.replay(kafka, state, timeout, (stateKey, value) -> {
            int separator = stateKey.indexOf(SEPARATOR);
            if (separator <= 0) {
                return;
            }
            String topic = stateKey.substring(0, separator);
            String key = stateKey.substring(separator + 1);
            if (value == null) {
                Map<String, byte[]> live = byTopic.get(topic);
                if (live != null) {
                    live.remove(key);
                }
            } else {
                byTopic.computeIfAbsent(topic, t -> new HashMap<>()).put(key, value);
            }
        });
        LOG.info("agent {}: read its prior state from {}: {}", agentId, state.name(), summary(byTopic));
        return new AgentState(byTopic);
    }

    private static Map<String, Integer> summary(Map<String, Map<String, byte[]>> byTopic) {
        Map<String, Integer> sizes = new HashMap<>();
        byTopic.forEach((topic, keys) -> sizes.put(topic, keys.size()));
        return sizes;
    }

    /** The keys this agent has live on {@code topic}. */
    public Set<String> liveKeys(TopicSpec<String, ?> topic) {
        return new HashSet<>(byTopic.getOrDefault(topic.name(), Map.of()).keySet());
    }

    /** The latest value of each live key on {@code topic}; unreadable copies are skipped. */
    public <V> List<V> values(TopicSpec<String, V> topic) {
        List<V> values = new ArrayList<>();
        byTopic.getOrDefault(topic.name(), Map.of()).forEach((key, bytes) -> {
            try {
                values.add(topic.valueSerde().deserializer().deserialize(topic.name(), bytes));
            } catch (RuntimeException e) {
                LOG.warn("skipping an unreadable copy of {} {}: {}", topic.name(), key, e.getMessage());
            }
        });
        return values;
    }
}
