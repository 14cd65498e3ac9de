package io.reclaimer.actions;

import io.reclaimer.actions.approval.ApprovalDesk;
import io.reclaimer.actions.approval.SlackGateway;
import io.reclaimer.actions.approval.SlackInteractions;
import io.reclaimer.actions.approval.SlackSetup;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.execution.RollbackOnCaller;
import io.reclaimer.actions.flow.ActionFlow;
import io.reclaimer.actions.flow.ActionPlanner;
import io.reclaimer.actions.flow.ActionRouter;
import io.reclaimer.actions.flow.FindingFeed;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.gitops.GitOpsTracker;
import io.reclaimer.actions.gitops.GitOpsWiring;
import io.reclaimer.actions.kubernetes.ScheduleController;
import io.reclaimer.actions.kubernetes.ScheduleTicks;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.Journal;
import io.reclaimer.actions.ledger.KafkaJournal;
import io.reclaimer.actions.ledger.LedgerLoader;
import io.reclaimer.actions.ledger.RecordIntegrity;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.permit.ExecutionGate;
import io.reclaimer.actions.permit.FindingBoard;
import io.reclaimer.actions.revert.RevertWatch;
import io.reclaimer.model.deadletter.DecodedRecords;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions service: findings in, requests, approvals, executions and audit out. Start-up order is what
 * makes it safe: the journal's transactional producer first (it fences a previous instance and aborts its
 * open transaction), then the ledger rebuilt from Kafka, then reconciliation of interrupted actions, and
 * only then new work (findings, Slack clicks, schedules). See docs/actions.md.
 */
public final class ActionsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionsService.class);

    private final Journal journal;
    private final ActionStore store;
    private final ExecutionEngine engine;
    private final ApprovalDesk desk;
    private final FindingFeed feed;
    private final SlackInteractions slackServer;
    private final Reconciliation reconciliation;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final Thread feedThread;
    private final FindingBoard board = new FindingBoard();
    private final PolicyGate policies;

    ActionsService(ActionsServiceBuilder b) {
        Clock clock = b.clock;
        ActionsConfig config = b.config;
        // a bot token without what its transport needs fails here, before anything connects
        SlackSetup slack = SlackSetup.check(config.slack(), b.environment);
        RecordIntegrity integrity = RecordIntegrity.fromFile(config.integrityKeyFile());
        journal = new KafkaJournal(b.kafka, b.topics, config.transactionalId(), integrity);
        ActionStore createdStore = null;
        try {
            LedgerLoader.Loaded loaded = LedgerLoader.load(b.kafka, b.topics, Duration.ofSeconds(60), integrity);
            createdStore = new ActionStore(journal, loaded.ledger());
            createdStore.auditRefused(loaded.refused(), clock.instant());
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        store = createdStore;
        ActionMetrics metrics = new ActionMetrics(b.registry, store.ledger());
        policies = b.gate;
        metrics.policySetValid(() -> policies.unavailable().isEmpty());
        ScheduleController schedules = b.clusters == null ? null : new ScheduleController(b.clusters, clock);
        List<ActionExecutor> own = executors(b, schedules);
        ExecutorRegistry executors = new ExecutorRegistry(GitOpsWiring.wrap(own, b.clusters, b.changeRequests,
                config.gitops()));
        List<ExecutionListener> listeners = new ArrayList<>();
        listeners.add(metrics::finished);
        ExecutionListener finished = record -> listeners.forEach(l -> l.finished(record));
        // every side effect passes this gate: the current finding, the target's own labels and tags, the current
        // policy, dry-run, freezes and the hourly cap (docs/actions.md, "When is a change allowed")
        ExecutionGate gate = new ExecutionGate(b.gate, board, config.dryRun(),
                now -> store.ledger().startedSince(now.minus(Duration.ofHours(1))));
        engine = new ExecutionEngine(store, executors, gate, b.probe, finished, clock);
        SlackGateway gateway = slack.gateway(clock);
        desk = new ApprovalDesk(store, engine, gateway, metrics, clock, config.snoozeFor());
        listeners.add(desk);
        try {
            slackServer = slack.listen(gateway, desk, metrics, clock);
        } catch (RuntimeException e) {
            engine.close();
            journal.close();
            throw e;
        }
        reconciliation = new Reconciliation(store, engine, desk, board,
                schedules == null ? null : new ScheduleTicks(schedules, store, metrics, gate, clock),
                b.changeRequests == null ? null : GitOpsWiring.liveDownsize(own).map(live -> new GitOpsTracker(
                        store, live, b.changeRequests, finished, clock)).orElse(null),
                new RevertWatch(store, new ExecutorRegistry(own), finished, clock), policies, metrics, clock);
        ActionPlanner planner = new ActionPlanner(config.dryRun(), config.approvalTtl(), executors::executable);
        ActionFlow flow = new ActionFlow(b.gate, planner, store, router(), metrics, clock, config.snoozeFor(), gate);
        deadLetters = deadLetterProducer(b.kafka);
        feed = new FindingFeed(b.kafka, b.topics, new DecodedRecords("actions", b.topics, deadLetters, clock),
                flow, clock, config.cycleInterval(), config.evaluationInterval(), board);
        LOG.info("actions service: policy gate {}, {} actions in the ledger, dry-run {}, Slack {}", b.gate.describe(),
                store.ledger().size(), config.dryRun(), slackServer != null ? slackServer.describe() : "off");
        // interrupted executions first, before anything new can start
        engine.submitDue();
        feedThread = new Thread(feed, "reclaimer-actions-feed");
        feedThread.setDaemon(true);
        feedThread.start();
        reconciliation.start(config.tickInterval(), config.policyReloadInterval());
    }

    private static List<ActionExecutor> executors(ActionsServiceBuilder b, ScheduleController schedules) {
        return b.executors != null ? b.executors : StandardExecutors.of(b.config, b.clusters, schedules, b.aws);
    }

    private ActionRouter router() {
        return new ActionRouter() {
            @Override
            public void approvalNeeded(ActionRecord record) {
                desk.request(record);
            }

            @Override
            public void executable(ActionRecord record) {
                engine.submit(record.actionId());
            }

            @Override
            public void setAside(ActionRecord record) {
                desk.refresh(record.actionId());
            }

            @Override
            public void unmark(ActionRecord markRecord) {
                engine.submitAutomaticRollback(markRecord.actionId(), Reconciliation.UNMARK_ACTOR);
            }
        };
    }

    /** Rolls an executed action back now, on the caller's thread, as {@code actor}. */
    public ActionRecord rollback(String actionId, String actor) {
        return RollbackOnCaller.run(engine, actionId, actor);
    }

    public ActionLedger ledger() {
        return store.ledger();
    }

    /** The port of the HTTP interactions endpoint; empty without Slack and in Socket Mode. */
    public Optional<Integer> slackPort() {
        return slackServer == null || slackServer.httpPort().isEmpty() ? Optional.empty()
                : Optional.of(slackServer.httpPort().getAsInt());
    }

    /** How Slack's clicks arrive, for the start-up banner; empty when Slack is not configured. */
    public Optional<String> slackInteractions() {
        return slackServer == null ? Optional.empty() : Optional.of(slackServer.describe());
    }

    public boolean caughtUp() {
        return feed.caughtUp();
    }

    /** What {@code /healthz} reports; healthy when empty. */
    public String problem() {
        if (!feed.problem().isEmpty()) {
            return feed.problem();
        }
        Optional<String> policy = policies.unavailable();
        if (policy.isPresent()) {
            return policy.get();
        }
        return reconciliation.problem();
    }

    /** Waits until everything queued for execution so far has run (tests). */
    public void drainExecutions() throws InterruptedException {
        engine.drain();
    }

    @Override
    public void close() {
        reconciliation.close();
        feed.close();
        try {
            feedThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (slackServer != null) {
            slackServer.close();
        }
        engine.close();
        deadLetters.close(Duration.ofSeconds(5));
        journal.close();
    }

    private static KafkaProducer<byte[], byte[]> deadLetterProducer(KafkaClientSettings kafka) {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "reclaimer-actions-dead-letters");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static ActionsServiceBuilder builder(KafkaClientSettings kafka, Topics topics, ActionsConfig config) {
        return new ActionsServiceBuilder(kafka, topics, config);
    }
}
