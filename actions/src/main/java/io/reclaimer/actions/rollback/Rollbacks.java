package io.reclaimer.actions.rollback;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.StandardExecutors;
import io.reclaimer.actions.approval.ApprovalMessages;
import io.reclaimer.actions.approval.SlackGateway;
import io.reclaimer.actions.approval.SlackSecrets;
import io.reclaimer.actions.aws.AwsClients;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.flow.DenyAllGate;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.permit.ExecutionGate;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.kubernetes.KubernetesClusters;
import io.reclaimer.actions.kubernetes.ScheduleController;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.KafkaJournal;
import io.reclaimer.actions.ledger.LedgerLoader;
import io.reclaimer.actions.ledger.RecordIntegrity;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code reclaimer rollback ACTION_ID}: undoes one executed action from outside the running service. It
 * rebuilds the ledger from Kafka, re-checks the target, writes {@code ROLLBACK_STARTED}, restores the
 * previous state and writes {@code ROLLED_BACK} (or {@code ROLLBACK_FAILED} with the reason), with the same
 * executors and protocol as the service. It journals under its own transactional id
 * ({@code <actions.transactionalId>-rollback}) so it never fences the running service; a rollback that
 * races another finds the target already restored on its re-check and changes nothing.
 */
public final class Rollbacks {

    private Rollbacks() {
    }

    public static ActionRecord rollback(KafkaClientSettings kafka, Topics topics, ActionsConfig config, String actionId,
                                        String actor, KubernetesClusters clusters, AwsClients aws,
                                        Map<String, String> environment, Clock clock) {
        return rollback(kafka, topics, config, new DenyAllGate(), actionId, actor, clusters, aws, environment,
                clock);
    }

    /**
     * {@code policies}: only to name, in the audit log, a freeze or protected scope the person's rollback
     * overrides (a person's rollback is never blocked; docs/actions.md, "When is a change allowed").
     */
    public static ActionRecord rollback(KafkaClientSettings kafka, Topics topics, ActionsConfig config, PolicyGate policies,
                                        String actionId, String actor, KubernetesClusters clusters, AwsClients aws,
                                        Map<String, String> environment, Clock clock) {
        RecordIntegrity integrity = RecordIntegrity.fromFile(config.integrityKeyFile());
        try (KafkaJournal journal = new KafkaJournal(kafka, topics, config.transactionalId() + "-rollback", integrity)) {
            // refused records are audited by the service at its next start; a rollback only ignores them
            ActionLedger ledger = LedgerLoader.load(kafka, topics, Duration.ofSeconds(60), integrity).ledger();
            if (ledger.get(actionId).isEmpty()) {
                throw new IllegalArgumentException("no action " + actionId + " in " + topics.actionRequests().name());
            }
            ActionStore store = new ActionStore(journal, ledger);
            ScheduleController schedules = clusters == null ? null : new ScheduleController(clusters, clock);
            ExecutorRegistry executors = new ExecutorRegistry(StandardExecutors.of(config, clusters, schedules, aws));
            try (ExecutionEngine engine = new ExecutionEngine(store, executors,
                    ExecutionGate.forRollbackCommand(policies), ExecutionProbe.NONE, ExecutionListener.NONE, clock)) {
                ActionRecord after = engine.rollback(actionId, actor);
                updateSlack(config, environment, clock, executors, after);
                return after;
            }
        }
    }

    private static void updateSlack(ActionsConfig config, Map<String, String> environment, Clock clock,
                                    ExecutorRegistry executors, ActionRecord record) {
        SlackSecrets secrets = SlackSecrets.resolve(config.slack(), environment);
        if (secrets.botToken().isEmpty() || record.message() == null) {
            return;
        }
        SlackGateway slack = new SlackGateway(config.slack().apiUrl(), secrets.botToken().get(), config.slack().channel(),
                clock);
        slack.update(record.message(), ApprovalMessages.text(record),
                ApprovalMessages.blocks(record, executors.reversible(record.request())));
    }
}
