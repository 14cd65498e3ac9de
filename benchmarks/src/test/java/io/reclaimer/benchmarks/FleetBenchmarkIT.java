package io.reclaimer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The fleet benchmark works end to end with a tiny fleet (the real run is `reclaimer bench fleet`). */
@ExtendWith(KafkaExtension.class)
class FleetBenchmarkIT {

    @Test
    // with a bounded RocksDB pool, so every store of the instance opens, restores and serves through it
    void warmsRestoresAndMeasuresATinyFleetOnTheRealBroker(KafkaTestCluster kafka, @TempDir Path stateDir) throws Exception {
        FleetBenchmark.Options options = new FleetBenchmark.Options(3, 40, Duration.ofHours(6), -1, 5, 20,
                Duration.ofMillis(100), 1, -1, -1, Duration.ofSeconds(1), -1, 64L << 20);
        List<String> progress = new ArrayList<>();
        FleetBenchmark.Details details = new FleetBenchmark(kafka.bootstrapServers(), options, stateDir, progress::add).run();
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
                .anyMatch(m -> m.startsWith("latency: cores by thread group"))
                .anyMatch(m -> m.startsWith("memory: resident set"));
    }
}
