package io.reclaimer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code reclaimer bench rightsizing --kafka-property KEY=VALUE} (issue 14): the property reaches every Kafka client the
 * benchmark builds (admin, producers, consumers and the Streams instance's own clients), shown with a recording
 * {@code metric.reporters} class, which every kind of client instantiates and configures with its {@code client.id}.
 * Tiny numbers on the temporary embedded broker; the real run is the command.
 */
class BenchKafkaPropertiesIT {

    /** Records the {@code client.id} of every client that configured it. */
    public static final class RecordingReporter implements MetricsReporter {

        static final Set<String> CLIENTS = ConcurrentHashMap.newKeySet();

        @Override
        public void configure(Map<String, ?> configs) {
            CLIENTS.add(String.valueOf(configs.get("client.id")));
        }

        @Override
        public void init(List<KafkaMetric> metrics) {
        }

        @Override
        public void metricChange(KafkaMetric metric) {
        }

        @Override
        public void metricRemoval(KafkaMetric metric) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aKafkaPropertyReachesEveryAdminProducerConsumerAndStreamsClientOfTheBenchmark() {
        RecordingReporter.CLIENTS.clear();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReclaimerCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .setCaseInsensitiveEnumValuesAllowed(true);

        int exit = cli.execute("bench", "rightsizing", "--containers", "20", "--samples", "4000", "--load-rate", "500",
                "--commit-interval", "100ms", "--format", "json",
                "--kafka-property", "metric.reporters=" + RecordingReporter.class.getName(),
                "--kafka-property", "client.dns.lookup=use_all_dns_ips");

        assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
        assertThat(out.toString()).contains("\"samplesPerSecond\"");
        assertThat(RecordingReporter.CLIENTS).as("clients configured with the property")
                .anySatisfy(id -> assertThat(id).startsWith("adminclient-"))
                .anySatisfy(id -> assertThat(id).startsWith("producer-"))
                .anySatisfy(id -> assertThat(id).startsWith("consumer-"))
                .anySatisfy(id -> assertThat(id).contains("StreamThread").endsWith("-consumer"))
                .anySatisfy(id -> assertThat(id).endsWith("-admin"));
    }
}
