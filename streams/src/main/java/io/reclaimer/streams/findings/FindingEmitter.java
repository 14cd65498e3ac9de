package io.reclaimer.streams.findings;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.findings.FindingTracker.Tracked;
import io.reclaimer.streams.metrics.FindingTotals;
import io.reclaimer.streams.metrics.LiveAggregates;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka edge of {@link FindingTracker}: keeps each finding's state in a store (keyed by finding id, on
 * the partition of the resource it is about), writes findings and tombstones to the compacted findings
 * topic. Every assessment of one resource must come through the same emitter, on the same partition.
 *
 * <p><b>Age checks.</b> An assessment judges waste at the event time of its observation. Sources that publish
 * only changes (the Kubernetes collector does) never send again a resource that stays as it is, so waste
 * that was younger than its threshold when last observed would never be judged old enough. With an age
 * check, such pending findings are indexed by when they fall due and a punctuator publishes them then.
 *
 * <p>The punctuator runs on the <em>wall clock</em>: stream time moves only when records arrive, and the case
 * to cover is precisely that none arrive (a quiet cluster sends nothing for days). But ages stay in event time
 * (the records' {@code observedAt}, which a simulation or a replay runs behind the wall clock): a pending
 * finding is aged by the wall-clock time elapsed since its newest observation was processed, added to that
 * observation's event time. Elapsed time is counted from processing, not from the record's Kafka timestamp,
 * so a consumer working through a backlog does not publish findings that newer records in the backlog would
 * contradict. A finding published by the check is stamped with the task's stream time (the newest input
 * timestamp), like every output here: never ahead of the input, so never refused by the broker as being in
 * the future.
 *
 * <p>Cost: the due index is keyed by the wall-clock time a finding falls due, so each punctuation reads only
 * the entries due by then (a range scan from the start of the index), not every pending finding.
 */
public final class FindingEmitter implements Processor<String, Assessment, String, Finding> {

    /** Zero-padded to this width so that the index's string order is the numeric order of due times. */
    private static final String DUE_FORMAT = "%019d|%s";

    private final String storeName;
    private final WasteConfig.Thresholds thresholds;
    private final Duration ageCheckInterval;
    private KeyValueStore<String, Tracked> store;
    private KeyValueStore<String, PendingAge> pending;
    private KeyValueStore<String, String> due;
    private ProcessorContext<String, Finding> context;
    private LiveAggregates aggregates;
    private FindingTotals totals;
    private String totalsKey;

    /**
     * A finding waiting only for its age: the last assessment's finding, the newest observation's event time
     * and the wall-clock time it was processed at (the clock its age is extrapolated from), and the wall-clock
     * time it falls due at (its key in the due index).
     */
    public record PendingAge(Finding draft, Instant observedAt, long processedAtMs, long dueAtMs) {
        public PendingAge {
            Objects.requireNonNull(draft, "draft");
            Objects.requireNonNull(observedAt, "observedAt");
        }

        /** Event time now, when the wall clock reads {@code wallMs}: the observation, older by what has elapsed. */
        Instant eventTimeAt(long wallMs) {
            return observedAt.plusMillis(Math.max(0, wallMs - processedAtMs));
        }
    }

    private FindingEmitter(String storeName, WasteConfig.Thresholds thresholds, Duration ageCheckInterval) {
        this.storeName = storeName;
        this.thresholds = thresholds;
        this.ageCheckInterval = ageCheckInterval;
    }

    /**
     * Adds the store and the emitter after {@code assessments}, writing to the findings topic. Findings are
     * judged only when an assessment arrives: for detectors whose inputs keep coming while the waste lasts.
     */
    public static void attach(StreamsBuilder builder, Topics topics, KStream<String, Assessment> assessments,
                              String storeName, WasteConfig.Thresholds thresholds) {
        attach(builder, topics, assessments, storeName, thresholds, null);
    }

    /**
     * As {@link #attach(StreamsBuilder, Topics, KStream, String, WasteConfig.Thresholds)}, and findings that
     * wait only for their age are published when they reach it, checked every {@code ageCheckInterval} (null:
     * never), even if no record about their resource arrives again.
     */
    public static void attach(StreamsBuilder builder, Topics topics, KStream<String, Assessment> assessments,
                              String storeName, WasteConfig.Thresholds thresholds, Duration ageCheckInterval) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(),
                JsonSerde.of(Tracked.class)).withCachingEnabled());
        List<String> stores = new ArrayList<>(List.of(storeName));
        if (ageCheckInterval != null) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(pendingStore(storeName)),
                    Serdes.String(), JsonSerde.of(PendingAge.class)).withCachingEnabled());
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(dueStore(storeName)),
                    Serdes.String(), Serdes.String()).withCachingEnabled());
            stores.add(pendingStore(storeName));
            stores.add(dueStore(storeName));
        }
        TopicSpec<String, Finding> findings = topics.findings();
        assessments.process(() -> new FindingEmitter(storeName, thresholds, ageCheckInterval),
                        Named.as(storeName + "-emitter"), stores.toArray(String[]::new))
                .to(findings.name(), Produced.with(findings.keySerde(), findings.valueSerde()).withName(storeName + "-sink"));
    }

    /** Finding id -> {@link PendingAge}, for the findings of {@code storeName} waiting for their age. */
    public static String pendingStore(String storeName) {
        return storeName + "-pending-age";
    }

    /** {@code dueAtMs|findingId} -> "": the same findings in the order they fall due. */
    public static String dueStore(String storeName) {
        return storeName + "-age-due";
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // the metrics' totals of this task, rebuilt once from the store; then kept up to date by save()
        this.aggregates = LiveAggregates.of(context);
        this.totalsKey = storeName + "/" + context.taskId();
        this.totals = aggregates.startFindings(totalsKey);
        try (KeyValueIterator<String, Tracked> all = store.all()) {
            while (all.hasNext()) {
                Tracked tracked = all.next().value;
                if (tracked != null && tracked.published() != null) {
                    totals.replace(null, tracked.published());
                }
            }
        }
        if (ageCheckInterval != null) {
            this.pending = context.getStateStore(pendingStore(storeName));
            this.due = context.getStateStore(dueStore(storeName));
            context.schedule(ageCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::publishDue);
        }
    }

    @Override
    public void process(Record<String, Assessment> record) {
        Assessment assessment = record.value();
        if (assessment == null) {
            return;
        }
        Tracked previous = store.get(assessment.findingId());
        FindingTracker.Outcome outcome = FindingTracker.apply(previous, assessment, thresholds.of(assessment.kind()));
        save(assessment.findingId(), previous, outcome.next());
        if (pending != null) {
            schedule(assessment, outcome.next(), context.currentSystemTimeMs());
        }
        if (outcome.publish() != null) {
            context.forward(new Record<>(assessment.findingId(), outcome.publish(), record.timestamp()));
        } else if (outcome.tombstone()) {
            context.forward(new Record<String, Finding>(assessment.findingId(), null, record.timestamp()));
        }
    }

    private void save(String findingId, Tracked previous, Tracked next) {
        Finding before = previous == null ? null : previous.published();
        Finding after = next == null ? null : next.published();
        if (before != after && (before == null || !before.equals(after))) {
            totals.replace(before, after);
        }
        if (next == null) {
            if (previous != null) {
                store.delete(findingId);
            }
        } else if (!next.equals(previous)) {
            store.put(findingId, next);
        }
    }

    /** Keeps the due index in step with the finding's state after an assessment. */
    private void schedule(Assessment assessment, Tracked next, long nowMs) {
        String id = assessment.findingId();
        PendingAge before = pending.get(id);
        Instant dueAt = FindingTracker.dueAt(next, thresholds.of(assessment.kind()));
        if (dueAt == null) {
            if (before != null) {
                unschedule(id, before);
            }
            return;
        }
        // the clock ages are extrapolated from moves only with a newer observation: a resource re-assessed
        // because something linked to it changed brings its own, older, observation time
        Instant observedAt = assessment.observedAt();
        long processedAtMs = nowMs;
        if (before != null && !observedAt.isAfter(before.observedAt())) {
            observedAt = before.observedAt();
            processedAtMs = before.processedAtMs();
        }
        PendingAge scheduled = new PendingAge(assessment.draft(), observedAt, processedAtMs,
                processedAtMs + ceilMillis(Duration.between(observedAt, dueAt)));
        if (scheduled.equals(before)) {
            return;
        }
        if (before != null && before.dueAtMs() != scheduled.dueAtMs()) {
            due.delete(dueKey(before.dueAtMs(), id));
        }
        pending.put(id, scheduled);
        due.put(dueKey(scheduled.dueAtMs(), id), "");
    }

    private void unschedule(String id, PendingAge entry) {
        pending.delete(id);
        due.delete(dueKey(entry.dueAtMs(), id));
    }

    /** The punctuation: publishes the pending findings that have reached their age by {@code wallMs}. */
    private void publishDue(long wallMs) {
        List<String> keys = new ArrayList<>();
        // collected first: the loop below writes to the store the iterator reads
        // keys are "dueAtMs|id" and ids are never empty: everything due by wallMs sorts before "wallMs+1|"
        try (KeyValueIterator<String, String> range = due.range(dueKey(0, ""), dueKey(wallMs + 1, ""))) {
            while (range.hasNext()) {
                keys.add(range.next().key);
            }
        }
        long streamTime = context.currentStreamTimeMs();
        long timestamp = streamTime >= 0 ? streamTime : wallMs;
        for (String key : keys) {
            String id = key.substring(key.indexOf('|') + 1);
            PendingAge entry = pending.get(id);
            if (entry == null || !key.equals(dueKey(entry.dueAtMs(), id))) {
                due.delete(key); // left behind: the finding no longer waits, or waits under another due time
                continue;
            }
            Tracked tracked = store.get(id);
            Duration threshold = thresholds.of(entry.draft().kind());
            FindingTracker.Outcome outcome = FindingTracker.age(tracked, entry.draft(), entry.eventTimeAt(wallMs), threshold);
            if (outcome.publish() == null && FindingTracker.dueAt(outcome.next(), threshold) != null) {
                continue; // not old enough yet after all: it stays in the index
            }
            unschedule(id, entry);
            save(id, tracked, outcome.next());
            if (outcome.publish() != null) {
                context.forward(new Record<>(id, outcome.publish(), timestamp));
            }
        }
    }

    private static String dueKey(long dueAtMs, String findingId) {
        return String.format(DUE_FORMAT, Math.max(0, dueAtMs), findingId);
    }

    private static long ceilMillis(Duration d) {
        long ms = d.toMillis();
        return d.minusMillis(ms).compareTo(Duration.ZERO) > 0 ? ms + 1 : ms;
    }

    @Override
    public void close() {
        if (aggregates != null) {
            aggregates.stopFindings(totalsKey, totals);
        }
    }

    /** The findings an emitter store currently has published (for metrics and reports). */
    public static List<Finding> published(ReadOnlyKeyValueStore<String, Tracked> store) {
        List<Finding> open = new ArrayList<>();
        try (KeyValueIterator<String, Tracked> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Tracked> entry = all.next();
                if (entry.value != null && entry.value.published() != null) {
                    open.add(entry.value.published());
                }
            }
        }
        return open;
    }
}
