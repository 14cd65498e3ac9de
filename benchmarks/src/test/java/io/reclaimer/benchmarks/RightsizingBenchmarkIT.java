package io.reclaimer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark itself works end to end (with tiny numbers: the real run is `reclaimer bench rightsizing`). */
@ExtendWith(KafkaExtension.class)
class RightsizingBenchmarkIT {

    @Test
    void measuresThroughputStateSizeAndLatencyUnderLoadOnTheRealBroker(KafkaTestCluster kafka, @TempDir Path stateDir)
            throws Exception {
        RightsizingBenchmark.Options options = new RightsizingBenchmark.Options(20, 4000, 2, 7, 10, 20,
                Duration.ofMillis(100), "default", 1, 500);
        RightsizingBenchmark.Details details = new RightsizingBenchmark(kafka.bootstrapServers(), options, stateDir,
                message -> { }).run();
        RightsizingBenchmark.Result result = details.result();
        assertThat(result.samplesPerSecond()).isPositive();
        assertThat(result.rawConsumePerSecond()).isPositive();
        assertThat(result.ratio()).isPositive();
        assertThat(details.statesMeasured()).isEqualTo(20);
        assertThat(result.stateBytesPerContainer()).isBetween(50.0, 1024.0);
        assertThat(result.p99LatencyMs()).isPositive();
        assertThat(result.latencyLoadSamplesPerSecond()).isPositive();
        assertThat(details.latencyLoad().samplesDuringProbes()).isPositive();
        assertThat(details.recommendationsEmitted()).isPositive();
    }
}
