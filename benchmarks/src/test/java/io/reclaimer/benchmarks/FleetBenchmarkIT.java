package io.reclaimer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.kafka.embedded.BrokerProcess;
import io.reclaimer.model.kafka.KafkaClientSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet benchmark works end to end with a tiny fleet (the real run is `reclaimer bench fleet`). */
class FleetBenchmarkIT {

    @Test
    // with the rightsizing states in RocksDB (not the default) and a bounded RocksDB pool, so every store of the
    // instance opens, restores and serves through it; and with the broker in a JVM of its own (bench fleet
    // --broker-jvm), whose CPU and memory are counted apart
    void warmsRestoresAndMeasuresATinyFleetOnARealBrokerInAJvmOfItsOwn(@TempDir Path dir) throws Exception {
        FleetBenchmark.Options options = new FleetBenchmark.Options(3, 40, Duration.ofHours(6), -1, 5, 20,
                Duration.ofMillis(100), 1, -1, -1, Duration.ofSeconds(1), -1, 64L << 20, "rocksdb");
        List<String> progress = new ArrayList<>();
        Path log = dir.resolve("broker.log");
        FleetBenchmark.Details details;
        ProcessHandle brokerProcess;
        try (BrokerProcess broker = BrokerProcess.start(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), log,
                Duration.ofMinutes(2))) {
            brokerProcess = broker.handle();
            assertThat(brokerProcess.pid()).isNotEqualTo(ProcessHandle.current().pid());
            details = new FleetBenchmark(KafkaClientSettings.of(broker.bootstrapServers()), options,
                    Files.createDirectories(dir.resolve("state")), progress::add, Optional.of(brokerProcess)).run();
        }
        // closing its standard input stopped it: it shut down by itself, it was not killed
        assertThat(brokerProcess.isAlive()).isFalse();
        assertThat(log).content().contains("embedded Kafka broker ready on", "stopped");
        assertThat(details.brokerInOwnJvm()).isTrue();
        FleetBenchmark.Result result = details.result();
        assertThat(result.containers()).isEqualTo(120);
        assertThat(details.backlogSamples()).isEqualTo(240);
        // one sample per container first, untimed: the timed backlog is a warmed-up instance's
        assertThat(details.warmUpSamples()).isEqualTo(120);
        assertThat(details.warmUpSamplesPerSecond()).isPositive();
        assertThat(result.samplesPerSecond()).isPositive();
        assertThat(result.designRatePerSecond()).isEqualTo(2);
        assertThat(result.headroom()).isPositive();
        assertThat(result.rawConsumePerSecond()).isPositive();
        assertThat(result.restoreSeconds()).isPositive();
        assertThat(result.stateBytesPerContainer()).isBetween(50.0, 1024.0);
        assertThat(result.heapPeakBytes()).isPositive();
        // the restored recommendations feed the aggregates: 3 clusters, 30 namespaces, the top containers and workloads
        assertThat(result.metricsSeries()).isGreaterThan(3 * 5 + 30);
        assertThat(result.scrapeSeconds()).isPositive();
        assertThat(result.p99LatencyMs()).isPositive();
        assertThat(progress).anyMatch(m -> m.startsWith("warm:")).anyMatch(m -> m.startsWith("restore:"))
                .anyMatch(m -> m.startsWith("steady:"))
                // where the time goes: the load settles (a tiny load at once), then the meters of the latency window
                .anyMatch(m -> m.startsWith("latency: the load settled"))
                .anyMatch(m -> m.startsWith("latency: while the probes ran") && m.contains("instance lag mean"))
                .anyMatch(m -> m.startsWith("latency: stream threads over") && m.contains("commits"))
                .anyMatch(m -> m.startsWith("latency: cores by thread group") && m.contains("the broker's JVM"))
                .anyMatch(m -> m.startsWith("steady: backlog CPU per sample") && m.contains("for the broker's JVM"))
                .anyMatch(m -> m.startsWith("memory: resident set") && m.contains("the broker's JVM: peak"))
                // scraped in the background as Prometheus does, then three more times: the first apart (cold code)
                .anyMatch(m -> m.startsWith("metrics: ") && m.contains("the first (cold code)"));
    }
}
