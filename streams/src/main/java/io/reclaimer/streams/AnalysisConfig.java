package io.reclaimer.streams;

import io.reclaimer.streams.metrics.MetricsConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the analysis service (the Kafka Streams application). Scale-out is more instances with the
 * same {@code applicationId}: they split the partitions between them.
 *
 * @param applicationId     Kafka Streams application id; instances sharing it share the work (default {@code reclaimer-analysis})
 * @param stateDir          where RocksDB state lives (default {@code ./reclaimer-data/streams})
 * @param threads           stream threads per instance (default 0: one per core the JVM may use, its container's CPU
 *                          limit included; the cores are the useful maximum)
 * @param standbyReplicas   warm copies of each state store on other instances for fast fail-over (default 0)
 * @param commitInterval    exactly-once commit interval: lower is fresher output, higher is more throughput (default 200 ms)
 * @param applicationServer {@code host:port} other instances use to reach this one's interactive queries (default none)
 * @param healthGrace       how long the instance may be out of RUNNING (start-up, rebalance) before {@code /healthz}
 *                          says so; a restore making progress is not counted, and stream threads failing twice
 *                          within it are unhealthy at once (default 60 s)
 * @param metrics           which per-workload and per-container series are exported besides the aggregates
 * @param rocksDbMemoryBytes one bounded pool of native memory shared by every RocksDB store of the instance (block
 *                          cache, index and filter blocks, memtables); 0 (the default) keeps Kafka Streams' own
 *                          settings, a 50 MB cache and up to three 16 MB memtables per store and partition
 */
public record AnalysisConfig(String applicationId, Path stateDir, int threads, int standbyReplicas,
                             Duration commitInterval, String applicationServer, Duration healthGrace,
                             MetricsConfig metrics, long rocksDbMemoryBytes) {

    public static final AnalysisConfig DEFAULTS = new AnalysisConfig(null, null, 0, 0, null, null, null, null, 0);

    public AnalysisConfig {
        applicationId = applicationId == null || applicationId.isBlank() ? "reclaimer-analysis" : applicationId;
        stateDir = stateDir == null ? Path.of("reclaimer-data", "streams") : stateDir;
        // rightsizing at fleet scale is CPU-bound: one thread per core is what keeps the cores busy (one thread on
        // two cores: 42,008 samples/s at a million containers, two: 58,873; docs/rightsizing.md)
        threads = threads <= 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must be >= 0, was " + standbyReplicas);
        }
        commitInterval = commitInterval == null ? Duration.ofMillis(200) : commitInterval;
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("commitInterval must be positive, was " + commitInterval);
        }
        applicationServer = applicationServer == null ? "" : applicationServer;
        healthGrace = healthGrace == null ? Duration.ofSeconds(60) : healthGrace;
        metrics = metrics == null ? MetricsConfig.DEFAULTS : metrics;
        if (healthGrace.isNegative() || healthGrace.isZero()) {
            throw new IllegalArgumentException("healthGrace must be positive, was " + healthGrace);
        }
        if (rocksDbMemoryBytes < 0) {
            throw new IllegalArgumentException("rocksDbMemoryBytes must be >= 0, was " + rocksDbMemoryBytes);
        }
    }


    public AnalysisConfig withStateDir(Path dir) {
        return new AnalysisConfig(applicationId, dir, threads, standbyReplicas, commitInterval, applicationServer, healthGrace, metrics,
                rocksDbMemoryBytes);
    }

    public AnalysisConfig withApplicationServer(String server) {
        return new AnalysisConfig(applicationId, stateDir, threads, standbyReplicas, commitInterval, server, healthGrace, metrics,
                rocksDbMemoryBytes);
    }

    public AnalysisConfig withHealthGrace(Duration grace) {
        return new AnalysisConfig(applicationId, stateDir, threads, standbyReplicas, commitInterval, applicationServer, grace, metrics,
                rocksDbMemoryBytes);
    }

    public AnalysisConfig withRocksDbMemoryBytes(long bytes) {
        return new AnalysisConfig(applicationId, stateDir, threads, standbyReplicas, commitInterval, applicationServer,
                healthGrace, metrics, bytes);
    }

    public AnalysisConfig withApplicationId(String id) {
        return new AnalysisConfig(id, stateDir, threads, standbyReplicas, commitInterval, applicationServer, healthGrace, metrics,
                rocksDbMemoryBytes);
    }
}
