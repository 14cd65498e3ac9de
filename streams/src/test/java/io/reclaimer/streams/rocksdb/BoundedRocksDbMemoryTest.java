package io.reclaimer.streams.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisService;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.rocksdb.Cache;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

    @Test
    void everyStoreInstanceGetsTheSamePoolAndMemtablesChargedToIt() {
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 64L << 20);
        try (Options first = options(); Options second = options()) {
            new BoundedRocksDbMemory().setConfig("rightsizing-state", first, configs);
            new BoundedRocksDbMemory().setConfig("workloads", second, configs);
            assertThat(cache(first)).isNotNull().isSameAs(cache(second));
            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            // the index and filter blocks are in the bounded cache too, not beside it
            assertThat(((BlockBasedTableConfigWithAccessibleCache) first.tableFormatConfig()).cacheIndexAndFilterBlocks())
                    .isTrue();
        }
    }

    @Test
    void anotherSizeIsAnotherPool() {
        try (Options small = options(); Options large = options()) {
            new BoundedRocksDbMemory().setConfig("a", small, Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, "33554432"));
            new BoundedRocksDbMemory().setConfig("b", large, Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 96L << 20));
            assertThat(cache(small)).isNotSameAs(cache(large));
        }
    }

    @Test
    void aSizeThatIsNotPositiveIsRefused() {
        try (Options options = options()) {
            assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig("a", options,
                    Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 0L)))
                    .hasMessageContaining(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG);
        }
        assertThatThrownBy(() -> AnalysisConfig.DEFAULTS.withRocksDbMemoryBytes(-1))
                .hasMessageContaining("rocksDbMemoryBytes");
    }

    @Test
    void theServiceInstallsThePoolOnlyWhenASizeIsConfigured() {
        Topics topics = Topics.namespace("t");
        KafkaClientSettings kafka = KafkaClientSettings.of("localhost:9092");
        Properties unbounded = AnalysisService.properties(kafka, topics, AnalysisConfig.DEFAULTS, Map.of());
        assertThat(unbounded).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
        Properties bounded = AnalysisService.properties(kafka, topics,
                AnalysisConfig.DEFAULTS.withRocksDbMemoryBytes(512L << 20), Map.of());
        assertThat(bounded).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class)
                .containsEntry(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 512L << 20);
    }

    private static Options options() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    private static Cache cache(Options options) {
        return ((BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig()).blockCache();
    }
}
