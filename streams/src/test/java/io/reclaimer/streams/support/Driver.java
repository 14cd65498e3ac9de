package io.reclaimer.streams.support;

import io.reclaimer.model.deadletter.DeadLetterExceptionHandler;
import io.reclaimer.model.deadletter.DeadLetterProcessingHandler;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A TopologyTestDriver with the catalog's serdes: pipe events into catalog topics, read a compacted output
 * topic back as the table it describes (latest value per key, tombstones delete).
 */
public final class Driver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final Topics topics;
    private final Properties props;
    private final boolean ownsStateDir;
    private final Map<String, TestOutputTopic<String, ?>> outputs = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
    private final Map<String, List<TestRecord<String, Object>>> history = new LinkedHashMap<>();

    /** The driver's wall clock at start: an hour after {@code Fixtures.NOW}. */
    public static final Instant WALL_CLOCK_START = Instant.parse("2026-11-02T12:00:00Z");

    public Driver(Topology topology, Topics topics) {
        this(topology, topics, props(topics), true);
    }

    /** A driver whose state lives in {@code stateDir} (a JUnit {@code @TempDir}, which JUnit removes). */
    public Driver(Topology topology, Topics topics, java.nio.file.Path stateDir) {
        this(topology, topics, withStateDir(props(topics), stateDir), false);
    }

    private Driver(Topology topology, Topics topics, Properties props, boolean ownsStateDir) {
        this.topics = topics;
        this.props = props;
        this.ownsStateDir = ownsStateDir;
        this.driver = new TopologyTestDriver(topology, props, WALL_CLOCK_START);
    }

    private static Properties withStateDir(Properties props, java.nio.file.Path stateDir) {
        String created = props.getProperty(StreamsConfig.STATE_DIR_CONFIG);
        new java.io.File(created).delete();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    public static Properties props(Topics topics) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(Topics.NAMESPACE_CONFIG, topics.namespace());
        // live metric aggregates are kept per instance in a static map: drivers of tests running in the same JVM
        // must not add to each other's totals
        p.put(io.reclaimer.streams.metrics.LiveAggregates.INSTANCE_CONFIG, "driver-" + java.util.UUID.randomUUID());
        // a private state directory: other builds on the machine run drivers with the same application id
        try {
            p.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("reclaimer-driver").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // no record caching: every update is visible at once, as the assertions expect
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // the topology's DSL stores in memory: same semantics, no RocksDB to open per test
        p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, org.apache.kafka.streams.state.BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        return p;
    }

    /** The instance id under which this driver's processors keep their live metric aggregates. */
    public String instance() {
        return props.getProperty(io.reclaimer.streams.metrics.LiveAggregates.INSTANCE_CONFIG);
    }

    public TopologyTestDriver raw() {
        return driver;
    }

    public Topics topics() {
        return topics;
    }

    public <V> void pipe(TopicSpec<String, V> topic, String key, V value) {
        TestInputTopic<String, V> input = driver.createInputTopic(topic.name(), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        input.pipeInput(key, value);
    }

    /** Pipes with an explicit Kafka timestamp (the default is the machine's clock). */
    public <V> void pipe(TopicSpec<String, V> topic, String key, V value, Instant timestamp) {
        TestInputTopic<String, V> input = driver.createInputTopic(topic.name(), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        input.pipeInput(key, value, timestamp);
    }

    /** Moves the driver's wall clock, firing the wall-clock punctuators that are due. */
    public void advanceWallClock(java.time.Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /** The compacted topic as a table: everything written so far, latest value per key, tombstones applied. */
    @SuppressWarnings("unchecked")
    public <V> Map<String, V> table(TopicSpec<String, V> topic) {
        drain(topic);
        return (Map<String, V>) (Map<String, ?>) Map.copyOf(tables.get(topic.name()));
    }

    /** Every record written to the topic so far, tombstones included. */
    @SuppressWarnings("unchecked")
    public <V> List<TestRecord<String, V>> records(TopicSpec<String, V> topic) {
        drain(topic);
        return (List<TestRecord<String, V>>) (List<?>) List.copyOf(history.get(topic.name()));
    }

    @SuppressWarnings("unchecked")
    private <V> void drain(TopicSpec<String, V> topic) {
        TestOutputTopic<String, V> output = (TestOutputTopic<String, V>) outputs.computeIfAbsent(topic.name(),
                name -> driver.createOutputTopic(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer()));
        Map<String, Object> table = tables.computeIfAbsent(topic.name(), n -> new LinkedHashMap<>());
        List<TestRecord<String, Object>> log = history.computeIfAbsent(topic.name(), n -> new java.util.ArrayList<>());
        for (TestRecord<String, V> record : output.readRecordsToList()) {
            log.add((TestRecord<String, Object>) (TestRecord<String, ?>) record);
            if (record.value() == null) {
                table.remove(record.key());
            } else {
                table.put(record.key(), record.value());
            }
        }
    }

    @Override
    public void close() {
        driver.close();
        io.reclaimer.streams.metrics.LiveAggregates.release(instance());
        if (!ownsStateDir) {
            return;
        }
        java.nio.file.Path dir = java.nio.file.Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }
}
