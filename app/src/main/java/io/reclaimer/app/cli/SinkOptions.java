package io.reclaimer.app.cli;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.collectors.sink.JsonLinesSink;
import io.reclaimer.collectors.sink.KafkaEventSink;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where a collector command sends its events: Kafka, or JSON lines on stdout with {@code --output -}. */
public final class SinkOptions {

    @Option(names = "--once", description = "Collect everything once, then exit 0 instead of streaming.")
    boolean once;

    @Option(names = "--output", paramLabel = "-",
            description = "'-' prints the events as JSON lines on stdout instead of sending them to Kafka.")
    String output;

    public boolean once() {
        return once;
    }

    public EventSink open(KafkaSettings kafka, String clientId) {
        if (output != null) {
            if (!output.equals("-")) {
                throw new IllegalArgumentException("--output only supports '-' (stdout), got '" + output + "'");
            }
            return new JsonLinesSink(new PrintStream(System.out, false, StandardCharsets.UTF_8));
        }
        if (kafka.embedded()) {
            throw new IllegalArgumentException("collectors send to a running Kafka: give --kafka-bootstrap (or "
                    + "kafka.bootstrapServers), or print with --output -");
        }
        return KafkaEventSink.connect(kafka.bootstrapServers(), clientId, Map.of());
    }

    public boolean toStdout() {
        return output != null;
    }
}
