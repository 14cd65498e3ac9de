package io.reclaimer.actions.support;

import static org.awaitility.Awaitility.await;

import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaTestCluster;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits of the actions integration tests: bounded in minutes (the suite also runs on a loaded 2-core
 * machine, where a path that takes 5 s idle can take 40), and failing with what did not happen and what the
 * ledger and the audit log say instead, so the next failure explains itself.
 */
public final class ActionWaits {

    /** How long an integration test waits for an outcome before it calls it missing. */
    public static final Duration PATIENCE = Duration.ofMinutes(3);

    /**
     * How often a wait looks again. Awaitility's default looks first after a whole poll interval (100 ms), even when
     * the outcome is already there: a tenth of a second per wait, hundreds of waits per build.
     */
    private static final Duration POLL = Duration.ofMillis(20);

    private ActionWaits() {
    }

    /** A wait bounded by {@link #PATIENCE} that looks at once, then every 20 ms. */
    public static ConditionFactory patiently() {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL);
    }

    /** {@link #patiently()}, named {@code what} in its failure message. */
    public static ConditionFactory patiently(String what) {
        return await(what).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL);
    }

    /** Waits until {@code condition} holds; on timeout fails with {@code what} and {@code context}. */
    public static void until(String what, Callable<Boolean> condition, Supplier<String> context) {
        try {
            patiently(what).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + PATIENCE + ": " + what + "\n" + context.get(), e);
        }
    }

    /** Waits until the action is in {@code phase}, naming its phase, results and the last audit events if not. */
    public static void untilPhase(ActionLedger ledger, String actionId, Phase phase, KafkaTestCluster kafka,
                                  Topics topics) {
        until("action " + actionId + " reaches " + phase,
                () -> ledger.get(actionId).map(r -> r.phase() == phase).orElse(false),
                () -> describe(ledger, actionId, kafka, topics));
    }

    /** The ledger's view of one action and the audit log's last events, for failure messages. */
    public static String describe(ActionLedger ledger, String actionId, KafkaTestCluster kafka, Topics topics) {
        String record = ledger.get(actionId).map(ActionWaits::describe).orElse("the ledger has no action " + actionId);
        return record + "\nlast audit events:\n  " + String.join("\n  ", kafka.describeTopic(topics.audit(), 12));
    }

    /** Everything in the ledger and the last audit events, when no single action is in question. */
    public static String describe(ActionLedger ledger, KafkaTestCluster kafka, Topics topics) {
        String records = ledger.all().stream().map(ActionWaits::describe).collect(Collectors.joining("\n"));
        return "ledger (" + ledger.size() + " actions):\n" + records + "\nlast audit events:\n  "
                + String.join("\n  ", kafka.describeTopic(topics.audit(), 12));
    }

    private static String describe(ActionRecord r) {
        return "action " + r.actionId() + " is " + r.phase() + " (verdict " + r.request().verdict().outcome()
                + ", expires " + r.request().verdict().expiresAt() + "); decisions " + r.decisions() + "; results "
                + r.results().stream().map(x -> x.status() + " '" + x.reason() + "'").toList();
    }
}
