package io.reclaimer.model.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog's topics idempotently at start-up: missing topics are created, existing ones are
 * left alone (their partition count is never changed behind the operator's back), and co-partitioned
 * topics with different partition counts stop the start-up with a clear error because their joins would
 * silently miss records.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final short replicationFactor;
    private final short minInsyncReplicas;
    private final Duration timeout;

    /** Creates topics with {@code replicationFactor} replicas and the broker's default {@code min.insync.replicas}. */
    public TopicProvisioner(Admin admin, short replicationFactor, Duration timeout) {
        this(admin, replicationFactor, (short) 0, timeout);
    }

    /**
     * Creates topics with {@code replicationFactor} replicas and {@code min.insync.replicas} (0: the broker's
     * default): with acks=all, a write then survives the loss of {@code minInsyncReplicas - 1} brokers.
     */
    public TopicProvisioner(Admin admin, short replicationFactor, short minInsyncReplicas, Duration timeout) {
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas " + minInsyncReplicas
                    + " cannot exceed the replication factor " + replicationFactor);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
        this.timeout = timeout;
    }

    /** Ensures every topic exists; returns the names it created. */
    public List<String> ensure(Collection<TopicSpec<?, ?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec<?, ?> spec : topics) {
                if (!existing.contains(spec.name())) {
                    Map<String, String> configs = new HashMap<>(spec.configs());
                    if (minInsyncReplicas > 0) {
                        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(minInsyncReplicas));
                    }
                    missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(configs));
                }
            }
            List<String> created = create(missing);
            awaitLeaders(created);
            verifyCopartitioning(topics);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to create topics: " + rootMessage(e), e);
        }
    }

    private List<String> create(List<NewTopic> missing) throws InterruptedException, TimeoutException,
            ExecutionException {
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        var result = admin.createTopics(missing);
        for (var entry : result.values().entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // another instance created it between our list and our create: that is the idempotent case
            }
        }
        LOG.info("created topics {}", created);
        return created;
    }

    private void verifyCopartitioning(Collection<TopicSpec<?, ?>> topics) throws InterruptedException,
            ExecutionException, TimeoutException {
        List<String> grouped = topics.stream().filter(t -> !t.copartitionGroup().isEmpty()).map(TopicSpec::name).toList();
        if (grouped.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = describeWhenKnown(grouped);
        Map<String, Map<String, Integer>> partitionsByGroup = new HashMap<>();
        for (TopicSpec<?, ?> spec : topics) {
            TopicDescription description = descriptions.get(spec.name());
            if (description != null) {
                partitionsByGroup.computeIfAbsent(spec.copartitionGroup(), g -> new HashMap<>())
                        .put(spec.name(), description.partitions().size());
            }
        }
        partitionsByGroup.forEach((group, counts) -> {
            if (counts.values().stream().distinct().count() > 1) {
                throw new IllegalStateException("topics joined on the " + group
                        + " key must have the same partition count, found " + counts);
            }
        });
    }

    /**
     * Waits until the leader of every new partition really serves it. Metadata names a leader a moment
     * before that broker has created the partition locally; a producer with several requests in flight
     * that writes in that window can lose a batch for good (KAFKA-15591: the first request fails with
     * NOT_LEADER_OR_FOLLOWER, the next one is appended, and the retry of the first spins on
     * OUT_OF_ORDER_SEQUENCE_NUMBER until it expires; fixed broker-side after Kafka 4.3). ListOffsets is
     * answered by the leader's replica manager itself, so once it succeeds for every partition, the
     * window is closed.
     */
    private void awaitLeaders(List<String> created) throws InterruptedException, ExecutionException, TimeoutException {
        if (created.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        describeWhenKnown(created).values().forEach(d -> d.partitions().forEach(
                p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** A topic created a moment ago may not be in the broker's metadata cache yet: retry until it is. */
    private Map<String, TopicDescription> describeWhenKnown(List<String> names) throws InterruptedException,
            ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
