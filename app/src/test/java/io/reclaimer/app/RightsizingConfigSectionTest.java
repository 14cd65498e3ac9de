package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RightsizingConfigSectionTest {

    @Test
    void anAbsentSectionHasVpasFlagDefaults() {
        RightsizingConfig config = ConfigLoader.load(null, Map.of()).rightsizing();
        assertThat(config.strategy()).isEqualTo("default");
        assertThat(config.recommendationMarginFraction()).isEqualTo(0.15);
        assertThat(config.targetCpuPercentile()).isEqualTo(0.9);
        assertThat(config.recommendationUpperBoundMemoryPercentile()).isEqualTo(0.95);
        assertThat(config.podRecommendationMinMemoryMb()).isEqualTo(250.0);
        assertThat(config.memoryAggregationInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(config.memoryAggregationIntervalCount()).isEqualTo(8);
        assertThat(config.oomMinBumpUpBytes()).isEqualTo(100.0 * 1024 * 1024);
    }

    @Test
    void theFileSetsOptionsAndTheEnvironmentOverridesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reclaimer.yaml");
        Files.writeString(file, "rightsizing:\n  strategy: percentile\n  targetCpuPercentile: 0.95\n"
                + "  memoryAggregationInterval: 12h\n");
        RightsizingConfig config = ConfigLoader.load(file, Map.of("RECLAIMER_RIGHTSIZING_STRATEGY", "vpa",
                "RECLAIMER_RIGHTSIZING_DEFAULT_CPU_MARGIN_FRACTION", "0.2")).rightsizing();
        assertThat(config.strategy()).isEqualTo("vpa");
        assertThat(config.targetCpuPercentile()).isEqualTo(0.95);
        assertThat(config.memoryAggregationInterval()).isEqualTo(Duration.ofHours(12));
        assertThat(config.defaultCpuMarginFraction()).isEqualTo(0.2);
    }

    @Test
    void anInvalidValueFailsNamingTheOption(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reclaimer.yaml");
        Files.writeString(file, "rightsizing:\n  targetCpuPercentile: 1.5\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageContaining("rightsizing.targetCpuPercentile must be within [0, 1], was 1.5");
    }

    @Test
    void theStatesLiveOnTheHeapUnlessRocksDbIsChosenAndAnyOtherStoreFailsAtStartUp(@TempDir Path dir)
            throws Exception {
        assertThat(ConfigLoader.load(null, Map.of()).rightsizing().statesInMemory()).isTrue();
        RightsizingConfig rocksDb = ConfigLoader.load(null, Map.of("RECLAIMER_RIGHTSIZING_STATE_STORE", "RocksDB"))
                .rightsizing();
        assertThat(rocksDb.stateStore()).isEqualTo("rocksdb");
        assertThat(rocksDb.statesInMemory()).isFalse();
        Path file = dir.resolve("reclaimer.yaml");
        Files.writeString(file, "rightsizing:\n  stateStore: disk\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageContaining("rightsizing.stateStore must be one of memory, rocksdb; was 'disk'");
    }
}
