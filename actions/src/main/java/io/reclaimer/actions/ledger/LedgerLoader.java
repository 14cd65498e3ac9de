package io.reclaimer.actions.ledger;

import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the ledger from the action topics, committed records only: requests first, then decisions,
 * results and the Slack message references from the audit log. Runs at start-up before anything acts, so
 * an intent without its result is seen and reconciled instead of repeated. Unreadable records are skipped
 * with a warning (they were dead-lettered, if ever, by whoever consumed them live).
 */
public final class LedgerLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerLoader.class);

    private LedgerLoader() {
    }

    public static ActionLedger load(KafkaClientSettings kafka, Topics topics, Duration timeout) {
        ActionLedger ledger = new ActionLedger();
        long start = System.nanoTime();
        int requests = read(kafka, topics.actionRequests(), timeout, ledger::apply);
        int decisions = read(kafka, topics.actionDecisions(), timeout, ledger::apply);
        int results = read(kafka, topics.actionResults(), timeout, ledger::apply);
        int audit = read(kafka, topics.audit(), timeout, ledger::apply);
        LOG.info("action ledger rebuilt from Kafka in {} ms: {} actions ({} requests, {} decisions, {} results, {} audit events)",
                (System.nanoTime() - start) / 1_000_000, ledger.size(), requests, decisions, results, audit);
        return ledger;
    }

    static <V> int read(KafkaClientSettings kafka, TopicSpec<String, V> topic, Duration timeout, Consumer<V> sink) {
        return CompactedTopicReader.replay(kafka, topic, timeout, (key, value) -> {
            if (value != null) {
                sink.accept(value);
            }
        });
    }
}
