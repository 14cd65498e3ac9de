package io.reclaimer.app.cli;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.runtime.CollectorAgent;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.sink.JsonLinesSink;
import io.reclaimer.model.topics.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** Where a collector command sends its events: Kafka, or JSON lines on stdout with {@code --output -}. */
final class SinkOptions {

    @Option(names = "--once", description = "Collect everything once, then exit 0 instead of streaming.")
    boolean once;

    @Option(names = "--output", paramLabel = "-",
            description = "'-' prints the events as JSON lines on stdout instead of sending them to Kafka.")
    String output;

    @Option(names = "--agent-id", paramLabel = "ID",
            description = "This agent's id: its own prior state lives in <namespace>.agent-state.<ID> (default: "
                    + "kafka.agentId, else the collector's kind). Give each agent of a fleet its own.")
    String agentId;

    public boolean once() {
        return once;
    }

    /**
     * Connects the collector: on Kafka after the start-up probe, with its own state topic created and read when
     * {@code defaultAgentId} is given (null: a collector that keeps no state); on stdout with no state.
     */
    public CollectorAgent open(KafkaSettings kafka, Topics topics, String clientId, String defaultAgentId) {
        if (output != null) {
            if (!output.equals("-")) {
                throw new IllegalArgumentException("--output only supports '-' (stdout), got '" + output + "'");
            }
            // printing to stdout keeps no state: nothing is read back, and nothing is tombstoned
            return new CollectorAgent(new JsonLinesSink(new PrintStream(System.out, false, StandardCharsets.UTF_8)),
                    AgentState.empty());
        }
        if (kafka.embedded()) {
            throw new IllegalArgumentException("collectors send to a running Kafka: give --kafka-bootstrap (or "
                    + "kafka.bootstrapServers), or print with --output -");
        }
        String agent = defaultAgentId == null ? null : agentId != null ? agentId : kafka.agentIdOr(defaultAgentId);
        return CollectorAgent.connect(kafka, topics, clientId, agent);
    }

    public boolean toStdout() {
        return output != null;
    }
}
