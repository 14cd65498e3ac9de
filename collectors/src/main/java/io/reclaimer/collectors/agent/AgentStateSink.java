package io.reclaimer.collectors.agent;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Copies what an agent publishes on the fleet's compacted topics into its own state topic
 * ({@link Topics#agentState}), key {@code <topic>|<key>}, same value bytes, same tombstones. The copy of a value is
 * sent before the value and the copy of a tombstone after it, through the same idempotent producer: what the state
 * topic holds is a superset of what the agent has live on the fleet topics, so a restart may send one tombstone too
 * many (harmless) but never forgets a key it must tombstone. Usage samples and container events are not copied:
 * nothing is derived from their past.
 */
public final class AgentStateSink implements EventSink {

    private final EventSink delegate;
    private final TopicSpec<String, byte[]> state;
    private final Set<String> mirrored;
    private final Map<String, TopicSpec<String, ?>> copies = new ConcurrentHashMap<>();

    public AgentStateSink(EventSink delegate, Topics topics, String agentId) {
        this.delegate = delegate;
        this.state = topics.agentState(agentId);
        this.mirrored = AgentState.mirroredTopics(topics);
    }

    @Override
    public <V> void emit(TopicSpec<String, V> topic, String key, V value) {
        if (!mirrored.contains(topic.name())) {
            delegate.emit(topic, key, value);
            return;
        }
        TopicSpec<String, V> copy = copyOf(topic);
        String copyKey = AgentState.stateKey(topic, key);
        if (value != null) {
            delegate.emit(copy, copyKey, value);
            delegate.emit(topic, key, value);
        } else {
            delegate.emit(topic, key, null);
            delegate.emit(copy, copyKey, null);
        }
    }

    @SuppressWarnings("unchecked")
    private <V> TopicSpec<String, V> copyOf(TopicSpec<String, V> topic) {
        // the state topic's name with the original topic's value encoding: the copy is byte for byte the original
        return (TopicSpec<String, V>) copies.computeIfAbsent(topic.name(), name -> new TopicSpec<>(state.name(),
                Serdes.String(), topic.valueSerde(), 1, TopicSpec.Cleanup.COMPACT, null, "", state.description()));
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
