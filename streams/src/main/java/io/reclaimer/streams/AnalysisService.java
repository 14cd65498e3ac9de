package io.reclaimer.streams;

import io.reclaimer.model.deadletter.DeadLetterExceptionHandler;
import io.reclaimer.model.deadletter.DeadLetterProcessingHandler;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.metrics.LiveAggregates;
import io.reclaimer.streams.rocksdb.BoundedRocksDbMemory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analysis topology: exactly-once (v2), dead letters for unreadable input, a thread that dies is
 * replaced rather than taking the instance down. The edge between the pure topology and Kafka.
 */
public final class AnalysisService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisService.class);

    private final KafkaStreams streams;
    private final Topology topology;
    private final String applicationId;
    private final AtomicReference<Throwable> lastError = new AtomicReference<>();
    private final StreamsHealth health;
    private final String instanceId;

    /** The property carrying {@link AnalysisConfig#healthGrace()} in milliseconds (Kafka Streams ignores it). */
    public static final String HEALTH_GRACE_CONFIG = "reclaimer.analysis.health.grace.ms";

    public AnalysisService(Topology topology, Properties properties) {
        this.topology = topology;
        // the processors of this instance find its metric aggregates by this id (LiveAggregates)
        this.instanceId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "/" + UUID.randomUUID();
        properties = (Properties) properties.clone();
        properties.put(LiveAggregates.INSTANCE_CONFIG, instanceId);
        this.applicationId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Object grace = properties.get(HEALTH_GRACE_CONFIG);
        this.health = new StreamsHealth(grace == null ? AnalysisConfig.DEFAULTS.healthGrace()
                : Duration.ofMillis(Long.parseLong(grace.toString())), Clock.systemUTC());
        this.streams = new KafkaStreams(topology, properties);
        streams.setStateListener((next, previous) -> health.state(next));
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                health.restoreProgress();
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
                health.restoreProgress();
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                health.restoreProgress();
            }
        });
        streams.setUncaughtExceptionHandler(error -> {
            lastError.set(error);
            health.threadFailed(error);
            LOG.error("stream thread failed; replacing it", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** The Kafka Streams properties for this service. */
    public static Properties properties(KafkaClientSettings kafka, Topics topics, AnalysisConfig config,
                                        Map<String, Object> overrides) {
        Properties p = kafka.clientProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        // a record whose processing throws is a dead letter too: one poison pill must not stall its partition
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(Topics.NAMESPACE_CONFIG, topics.namespace());
        p.put(HEALTH_GRACE_CONFIG, Long.toString(config.healthGrace().toMillis()));
        if (!config.applicationServer().isEmpty()) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        }
        // internal topics on a single-broker dev setup need replication 1; production sets its own
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        // no task idling: with it on, Kafka Streams 4.3 formats a log string (String.format) for every empty input
        // partition on every record it processes, and the rarely written topics (container events, repartitions)
        // are nearly always empty: it cost rightsizing a third of its throughput. No feature relies on cross-topic
        // timestamp order (a late inventory record re-emits); see docs/rightsizing.md
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // state changelogs are written in bursts at each commit: big batches keep the commit's flush short
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        if (config.rocksDbMemoryBytes() > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            p.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, config.rocksDbMemoryBytes());
        }
        p.putAll(overrides);
        return p;
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Healthy: see {@link StreamsHealth} (not out of RUNNING beyond the grace, threads not failing repeatedly). */
    public boolean healthy() {
        return problem().isEmpty();
    }

    /** What is wrong with the instance, for {@code /healthz}; empty when healthy. */
    public String problem() {
        return health.problem();
    }

    /** Running and its stream threads not failing repeatedly: {@code reclaimer_streams_up}. */
    public boolean up() {
        return health.up();
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public Throwable lastError() {
        return lastError.get();
    }

    /** A read-only view of a state store across all partitions this instance hosts. */
    public <T> T store(String name, QueryableStoreType<T> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, type));
    }

    public String applicationId() {
        return applicationId;
    }

    /** This instance's id among the services of this JVM (its metric aggregates are found by it). */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Every topic this topology consumes, internal repartition topics included under their real names:
     * when the consumer group has no lag on these, every output of the input seen so far is committed.
     */
    public Set<String> sourceTopics() {
        Set<String> names = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        names.add(topic.endsWith("-repartition") ? applicationId + "-" + topic : topic);
                    }
                }
            }
        }
        return names;
    }

    public KafkaStreams kafkaStreams() {
        return streams;
    }

    @Override
    public void close() {
        // a JVM that exits while a stream thread is still closing leaves RocksDB open under its native threads, which
        // can abort the process at exit. Once (2026-12-07) a failsafe fork aborted so ("std::bad_alloc") after its
        // tests had passed; an unfinished close is the way we know to get there, not a proven cause. So wait for the
        // close, bounded, and say so when it is slow
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("the analysis did not stop within 30 s; waiting up to 2 minutes more");
            if (!streams.close(Duration.ofMinutes(2))) {
                LOG.error("the analysis did not stop within 150 s; going on without it");
            }
        }
        LiveAggregates.release(instanceId);
    }
}
