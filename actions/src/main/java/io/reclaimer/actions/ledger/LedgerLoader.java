package io.reclaimer.actions.ledger;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the ledger from the action topics, committed records only: requests first, then decisions,
 * results and the Slack message references from the audit log. Runs at start-up before anything acts, so
 * an intent without its result is seen and reconciled instead of repeated. Only records the actions service wrote
 * are believed: a record without a valid integrity tag ({@link RecordIntegrity}), or a replayed copy, is refused and
 * reported to the caller, who audits it. Unreadable records are skipped with a warning (they were dead-lettered, if
 * ever, by whoever consumed them live).
 */
public final class LedgerLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerLoader.class);

    private LedgerLoader() {
    }

    /** A record of the action topics that was not believed. */
    public record Refused(String topic, int partition, long offset, String key, String reason) {
    }

    /** The rebuilt ledger and what was refused on the way. */
    public record Loaded(ActionLedger ledger, List<Refused> refused) {
    }

    public static Loaded load(KafkaClientSettings kafka, Topics topics, Duration timeout, RecordIntegrity integrity) {
        ActionLedger ledger = new ActionLedger();
        List<Refused> refused = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long start = System.nanoTime();
        int requests = read(kafka, topics.actionRequests(), timeout, integrity, seen, refused, ledger::apply);
        int decisions = read(kafka, topics.actionDecisions(), timeout, integrity, seen, refused, ledger::apply);
        int results = read(kafka, topics.actionResults(), timeout, integrity, seen, refused, ledger::apply);
        int audit = read(kafka, topics.audit(), timeout, integrity, seen, refused, ledger::apply);
        LOG.info("action ledger rebuilt from Kafka in {} ms: {} actions ({} requests, {} decisions, {} results, {} audit "
                + "events){}", (System.nanoTime() - start) / 1_000_000, ledger.size(), requests, decisions, results, audit,
                refused.isEmpty() ? "" : "; " + refused.size() + " records refused (not written by this service)");
        return new Loaded(ledger, List.copyOf(refused));
    }

    static <V> int read(KafkaClientSettings kafka, TopicSpec<String, V> topic, Duration timeout,
                        RecordIntegrity integrity, Set<String> seen, List<Refused> refused, Consumer<V> sink) {
        int[] count = {0};
        CompactedTopicReader.replayRecords(kafka, topic.name(), timeout, record -> {
            String key = record.key() == null ? "" : topic.keySerde().deserializer().deserialize(topic.name(), record.key());
            Optional<String> refusal = integrity.refusal(record, seen);
            if (refusal.isPresent()) {
                LOG.warn("refused {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(), key,
                        refusal.get());
                refused.add(new Refused(record.topic(), record.partition(), record.offset(), key, refusal.get()));
                return;
            }
            if (record.value() == null) {
                return;
            }
            try {
                sink.accept(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
                count[0]++;
            } catch (RuntimeException e) {
                LOG.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
            }
        });
        return count[0];
    }
}
