package io.reclaimer.actions.flow;

import io.reclaimer.actions.permit.FindingBoard;
import io.reclaimer.model.deadletter.DecodedRecords;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current findings and recommendations (both compacted topics: their latest value per key is the
 * state) by reading them from the beginning, and hands findings to the {@link ActionFlow} in cycles: once
 * caught up at start-up, then every {@code cycleInterval} for what changed, and all of them again every
 * {@code evaluationInterval} (grace periods end and snoozes run out without any new record). No consumer
 * group and no committed offsets: re-reading the state after a restart is cheap and, with stable action
 * ids, harmless. Undecodable records become dead letters; tombstones resolve findings.
 */
public final class FindingFeed implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FindingFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final DecodedRecords decoder;
    private final ActionFlow flow;
    private final Clock clock;
    private final Duration cycleInterval;
    private final Duration evaluationInterval;
    private final FindingBoard board;
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final Map<String, Recommendation> recommendations = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean caughtUp;
    private volatile String problem = "";
    private volatile long cycles;

    /** {@code board}: where the execution-time gate reads the current findings, kept as fresh as this feed. */
    public FindingFeed(KafkaClientSettings kafka, Topics topics, DecodedRecords decoder, ActionFlow flow, Clock clock,
                       Duration cycleInterval, Duration evaluationInterval, FindingBoard board) {
        this.board = board;
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reclaimer-actions-feed-" + UUID.randomUUID().toString().substring(0, 8));
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.decoder = decoder;
        this.flow = flow;
        this.clock = clock;
        this.cycleInterval = cycleInterval;
        this.evaluationInterval = evaluationInterval;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public long cycles() {
        return cycles;
    }

    public String problem() {
        return problem;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.findings().name(), topics.recommendations().name())) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant lastCycle = Instant.EPOCH;
            Instant lastFull = Instant.EPOCH;
            long judgedGeneration = flow.policyGeneration();
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
                if (!caughtUp) {
                    caughtUp = startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (!caughtUp) {
                        continue;
                    }
                    board.caughtUp();
                    LOG.info("read {} findings and {} recommendations; judging them", findings.size(), recommendations.size());
                }
                if (flow.paused().isPresent()) {
                    // an invalid policy set: nothing is planned until a valid one is read (changes wait for it)
                    continue;
                }
                Instant now = clock.instant();
                long generation = flow.policyGeneration();
                if (!now.isBefore(lastFull.plus(evaluationInterval)) || generation != judgedGeneration) {
                    // a new policy set judges every finding again: a denied one may now be allowed, and a live
                    // request the new set no longer allows is withdrawn now rather than at its execution
                    judgedGeneration = generation;
                    cycle(new ArrayList<>(findings.values()));
                    changed.clear();
                    lastFull = now;
                    lastCycle = now;
                } else if (!changed.isEmpty() && !now.isBefore(lastCycle.plus(cycleInterval))) {
                    List<Finding> batch = new ArrayList<>();
                    changed.forEach(id -> {
                        Finding f = findings.get(id);
                        if (f != null) {
                            batch.add(f);
                        }
                    });
                    changed.clear();
                    cycle(batch);
                    lastCycle = now;
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            problem = "the findings feed stopped: " + e.getMessage();
            LOG.error(problem, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        if (record.topic().equals(topics.findings().name())) {
            if (record.value() == null) {
                board.resolve(key);
                if (findings.remove(key) != null) {
                    changed.remove(key);
                    flow.resolved(key);
                }
                return;
            }
            decoder.decode(record, topics.findings().valueSerde().deserializer()).ifPresent(f -> {
                findings.put(f.id(), f);
                board.put(f);
                changed.add(f.id());
            });
        } else if (record.value() == null) {
            recommendations.remove(key);
        } else {
            decoder.decode(record, topics.recommendations().valueSerde().deserializer())
                    .ifPresent(r -> recommendations.put(key, r));
        }
    }

    private void cycle(List<Finding> batch) {
        if (batch.isEmpty()) {
            return;
        }
        ActionFlow.Cycle cycle = flow.run(batch, recommendations::get);
        cycles++;
        if (cycle.written() > 0 || cycle.stopped()) {
            LOG.info("judged {} findings: {} requests written, {} not proposed{}", cycle.judged(), cycle.written(),
                    cycle.skipped(), cycle.stopped() ? ", run stopped by the blast radius" : "");
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
