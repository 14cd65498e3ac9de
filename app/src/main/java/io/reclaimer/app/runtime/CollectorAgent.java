package io.reclaimer.app.runtime;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.security.ServiceRole;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.agent.AgentStateSink;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A collector agent connected to Kafka: its sink, and the prior state it left in its own state topic. Connecting
 * runs the start-up probe on the topics a collector writes, creates the agent's state topic if needed and reads it.
 */
public record CollectorAgent(EventSink sink, AgentState prior) implements AutoCloseable {

    private static final Duration STATE_READ_TIMEOUT = Duration.ofSeconds(60);

    /** {@code agentId} null: a collector that keeps no state (the simulator). */
    public static CollectorAgent connect(KafkaSettings settings, Topics topics, String clientId, String agentId) {
        KafkaClientSettings client = settings.client(settings.bootstrapServers());
        List<String> written = ServiceRole.COLLECTOR.writes(topics).stream().map(TopicSpec::name).toList();
        KafkaConnectionCheck.verify(client, written, settings.connectionTimeout());
        if (agentId == null) {
            return new CollectorAgent(KafkaEventSink.connect(client, clientId, Map.of()), AgentState.empty());
        }
        AgentState prior = readState(client, settings, topics, agentId);
        return new CollectorAgent(new AgentStateSink(KafkaEventSink.connect(client, clientId, Map.of()), topics, agentId),
                prior);
    }

    /** Creates the agent's state topic when missing, then reads it to its end. */
    public static AgentState readState(KafkaClientSettings client, KafkaSettings settings, Topics topics, String agentId) {
        TopicSpec<String, byte[]> state = topics.agentState(agentId);
        try (Admin admin = Admin.create(client.clientConfig())) {
            new TopicProvisioner(admin, settings.effectiveReplicationFactor(), settings.effectiveMinInsyncReplicas(),
                    Duration.ofSeconds(30)).ensure(List.<TopicSpec<?, ?>>of(state));
        } catch (RuntimeException e) {
            throw KafkaConnectionCheck.classify(client, e, settings.connectionTimeout(), List.of(state.name()));
        }
        return AgentState.read(client, topics, agentId, STATE_READ_TIMEOUT);
    }

    @Override
    public void close() {
        sink.close();
    }
}
