package io.reclaimer.actions;

import static io.reclaimer.actions.audit.AuditEvents.details;


import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.approval.ApprovalDesk;
import io.reclaimer.actions.approval.SlackGateway;
import io.reclaimer.actions.approval.SlackInteractionServer;
import io.reclaimer.actions.approval.SlackInteractions;
import io.reclaimer.actions.approval.SlackSocketMode;
import io.reclaimer.actions.approval.SlackSecrets;
import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.aws.AwsClients;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.flow.ActionFlow;
import io.reclaimer.actions.gitops.ChangeRequests;
import io.reclaimer.actions.gitops.GitOpsTracker;
import io.reclaimer.actions.gitops.GitOpsWiring;
import io.reclaimer.actions.revert.RevertWatch;
import io.reclaimer.actions.flow.ActionPlanner;
import io.reclaimer.actions.flow.ActionRouter;
import io.reclaimer.actions.flow.FindingFeed;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.flow.PolicyRefresh;
import io.reclaimer.actions.kubernetes.KubernetesClusters;
import io.reclaimer.actions.kubernetes.ScheduleController;
import io.reclaimer.actions.kubernetes.ScheduleTicks;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.permit.ExecutionGate;
import io.reclaimer.actions.permit.FindingBoard;
import io.reclaimer.actions.permit.FindingState;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.Journal;
import io.reclaimer.actions.ledger.KafkaJournal;
import io.reclaimer.actions.ledger.LedgerLoader;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.ledger.RecordIntegrity;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.deadletter.DecodedRecords;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private static final String UNMARK_ACTOR = AuditEvents.SERVICE + " (finding resolved)";

    private final Journal journal;
    private final ActionStore store;
    private final ExecutionEngine engine;
    private final ApprovalDesk desk;
    private final FindingFeed feed;
    private final SlackInteractions slackServer;
    private final ScheduleTicks scheduleTicks;
    private final GitOpsTracker gitopsTracker;
    private final RevertWatch revertWatch;
    private final ActionMetrics metrics;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final ScheduledExecutorService ticker;
    private final Thread feedThread;
    private final Clock clock;
    private final FindingBoard board = new FindingBoard();
    private final ExecutionGate gate;
    private final PolicyGate policies;
    private volatile String tickProblem = "";

    private ActionsService(Builder b) {
        this.clock = b.clock;
        ActionsConfig config = b.config;
        RecordIntegrity integrity = RecordIntegrity.fromFile(config.integrityKeyFile());
        journal = new KafkaJournal(b.kafka, b.topics, config.transactionalId(), integrity);
        ActionStore createdStore = null;
        try {
            LedgerLoader.Loaded loaded = LedgerLoader.load(b.kafka, b.topics, Duration.ofSeconds(60), integrity);
            createdStore = new ActionStore(journal, loaded.ledger());
            auditRefused(createdStore, loaded.refused());
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        store = createdStore;
        metrics = new ActionMetrics(b.registry, store.ledger());
        policies = b.gate;
        metrics.policySetValid(() -> policies.unavailable().isEmpty());
        ScheduleController schedules = b.clusters == null ? null : new ScheduleController(b.clusters, clock);
        List<ActionExecutor> own = executors(b, schedules);
        ExecutorRegistry executors = new ExecutorRegistry(GitOpsWiring.wrap(own, b.clusters, b.changeRequests,
                config.gitops()));
        List<ExecutionListener> listeners = new ArrayList<>();
        listeners.add(this::count);
        // every side effect passes this gate: the current finding, the target's own labels and tags, the current
        // policy, dry-run, freezes and the hourly cap (docs/actions.md, "When is a change allowed")
        gate = new ExecutionGate(b.gate, board, config.dryRun(),
                now -> store.ledger().startedSince(now.minus(Duration.ofHours(1))));
        engine = new ExecutionEngine(store, executors, gate, b.probe,
                record -> listeners.forEach(l -> l.finished(record)), clock);
        scheduleTicks = schedules == null ? null : new ScheduleTicks(schedules, store, metrics, gate, clock);
        revertWatch = new RevertWatch(store, new ExecutorRegistry(own), record -> listeners.forEach(l -> l.finished(record)),
                clock);
        gitopsTracker = b.changeRequests == null ? null : GitOpsWiring.liveDownsize(own).map(live -> new GitOpsTracker(
                store, live, b.changeRequests, record -> listeners.forEach(l -> l.finished(record)), clock)).orElse(null);
        SlackSecrets secrets = SlackSecrets.resolve(config.slack(), b.environment);
        SlackGateway gateway = null;
        if (secrets.botToken().isPresent()) {
            String missing = missingSlackSecret(config.slack(), secrets);
            if (missing != null) {
                engine.close();
                journal.close();
                throw new IllegalArgumentException(missing);
            }
            gateway = new SlackGateway(config.slack().apiUrl(), secrets.botToken().get(), config.slack().channel(), clock);
        } else {
            LOG.warn("Slack is skipped: {} is not set (nor actions.slack.botTokenFile); approval requests are only "
                    + "logged and expire unanswered", SlackSecrets.TOKEN_ENV);
        }
        desk = new ApprovalDesk(store, engine, gateway, metrics, clock, config.snoozeFor());
        listeners.add(desk);
        SlackInteractions server = null;
        if (gateway != null) {
            try {
                // one Bolt app and one desk behind either transport: the approver check and the policy re-check are
                // the same for a click over HTTP and over Socket Mode
                server = config.slack().socketMode()
                        ? SlackSocketMode.start(gateway, secrets.botToken().get(), secrets.appToken().get(), desk)
                        : SlackInteractionServer.start(config.slack().bindAddress(), config.slack().port(), gateway,
                                secrets.botToken().get(), secrets.signingSecret().get(), desk, metrics, clock);
            } catch (RuntimeException e) {
                engine.close();
                journal.close();
                throw e;
            }
        }
        slackServer = server;
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
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reclaimer-actions-tick");
            t.setDaemon(true);
            return t;
        });
        long tick = config.tickInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        long reload = config.policyReloadInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::reloadPolicies, reload, reload, TimeUnit.MILLISECONDS);
    }

    /**
     * A changed policy set takes effect while running: a valid one at once (every later judgement, including the
     * one right before each side effect, reads it; the feed judges every finding again), an invalid one holds
     * every action until a valid one is read. Both are audited; the metric and /healthz show an invalid one.
     */
    private void reloadPolicies() {
        try {
            PolicyRefresh refresh = policies.refresh();
            Instant now = clock.instant();
            switch (refresh.status()) {
                case RELOADED -> {
                    LOG.info("policy set reloaded ({}): {}", policies.describe(), refresh.detail());
                    metrics.policyReload("reloaded");
                    store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "policy-reloaded",
                            policies.describe(), "reloaded", refresh.detail(), details("fingerprint", refresh.fingerprint()))));
                    engine.submitDue();
                }
                case INVALID -> {
                    LOG.error("the changed policy set is invalid, every action is held until it is fixed: {}",
                            refresh.detail());
                    metrics.policyReload("invalid");
                    store.write(JournalBatch.of(AuditEvents.of(now, AuditEvents.SERVICE, "policy-invalid",
                            policies.describe(), "held", refresh.detail(), details("fingerprint", refresh.fingerprint()))));
                }
                default -> {
                    // nothing changed
                }
            }
        } catch (Journal.FencedException e) {
            tickProblem = e.getMessage();
            LOG.error(tickProblem);
        } catch (RuntimeException e) {
            LOG.error("reading the policy set again failed: {}", e.getMessage(), e);
        }
    }

    /**
     * Records nobody but this service could have written are never acted on; each refusal is audited, at every start
     * it is read again, so a forgery stays visible in the audit log whatever it claimed.
     */
    private void auditRefused(ActionStore target, List<LedgerLoader.Refused> refused) {
        Instant now = clock.instant();
        List<io.reclaimer.model.audit.AuditEvent> events = new ArrayList<>();
        for (LedgerLoader.Refused r : refused) {
            events.add(AuditEvents.of(now, AuditEvents.SERVICE, "record-refused",
                    r.key().isEmpty() ? r.topic() + "-" + r.partition() + "@" + r.offset() : r.key(), "refused",
                    r.reason(), details("topic", r.topic(), "partition", r.partition(), "offset", r.offset())));
            if (events.size() == 500) {
                target.write(new JournalBatch(List.of(), List.of(), List.of(), events));
                events.clear();
            }
        }
        if (!events.isEmpty()) {
            target.write(new JournalBatch(List.of(), List.of(), List.of(), events));
        }
    }

    private static List<ActionExecutor> executors(Builder b, ScheduleController schedules) {
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
                engine.submitAutomaticRollback(markRecord.actionId(), UNMARK_ACTOR);
            }
        };
    }

    private void count(ActionRecord record) {
        record.lastResult().ifPresent(result -> {
            ActionRequest request = record.request();
            switch (result.status()) {
                case EXECUTED -> metrics.action(request, "executed");
                case ABORTED -> metrics.action(request, "aborted");
                case WITHDRAWN -> metrics.action(request, "withdrawn");
                case PROPOSED_IN_GIT -> metrics.action(request, "proposed_in_git");
                case REJECTED -> metrics.action(request, "rejected");
                case REVERTED -> metrics.action(request, "reverted");
                case FAILED -> {
                    metrics.action(request, "failed");
                    metrics.failure(request, "execution");
                }
                case ROLLED_BACK -> metrics.action(request, "rolled_back");
                case ROLLBACK_FAILED -> {
                    metrics.action(request, "rollback_failed");
                    metrics.failure(request, "rollback");
                }
                default -> {
                    // intents are not outcomes
                }
            }
        });
    }

    /** Expiries, deferred executions, unmarks of resolved findings (held ones again) and sleep/wake schedules. */
    private void tick() {
        try {
            desk.expireDue();
            engine.submitDue();
            unmarkResolved();
            if (scheduleTicks != null) {
                scheduleTicks.tick();
            }
            if (gitopsTracker != null) {
                gitopsTracker.track();
            }
            revertWatch.watch();
            tickProblem = "";
        } catch (Journal.FencedException e) {
            tickProblem = e.getMessage();
            LOG.error(tickProblem);
        } catch (RuntimeException e) {
            tickProblem = "tick failed: " + e.getMessage();
            LOG.error(tickProblem, e);
        }
    }

    /**
     * A mark whose finding is resolved (and whose delete did not run) is removed; offered on every tick, so an
     * unmark the gate held (dry-run, freeze, opt-out) happens once it may.
     */
    private void unmarkResolved() {
        for (ActionRecord record : store.ledger().all()) {
            ActionRequest request = record.request();
            if (request.type() == ActionType.MARK_FOR_OP && record.phase() == Phase.EXECUTED
                    && board.state(request.findingId()) instanceof FindingState.Resolved
                    && store.ledger().forFinding(request.findingId()).stream().noneMatch(r -> r.request().type()
                    == ActionType.DELETE && (r.phase() == Phase.EXECUTED || r.phase() == Phase.IN_FLIGHT))) {
                engine.submitAutomaticRollback(record.actionId(), UNMARK_ACTOR);
            }
        }
    }

    /** Rolls an executed action back now, on the caller's thread, as {@code actor}. */
    public ActionRecord rollback(String actionId, String actor) {
        try {
            return engine.submitRollback(actionId, actor).get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the rollback of " + actionId + " did not finish in 10 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public ActionLedger ledger() {
        return store.ledger();
    }

    /** The port of {@code /slack/events}, when Slack is configured. */
    /** The port of the HTTP interactions endpoint; empty without Slack and in Socket Mode. */
    public Optional<Integer> slackPort() {
        return slackServer == null || slackServer.httpPort().isEmpty() ? Optional.empty()
                : Optional.of(slackServer.httpPort().getAsInt());
    }

    /** How Slack's clicks arrive, for the start-up banner; empty when Slack is not configured. */
    public Optional<String> slackInteractions() {
        return slackServer == null ? Optional.empty() : Optional.of(slackServer.describe());
    }

    /** The secret the chosen transport needs besides the bot token, when it is missing; null when all are there. */
    private static String missingSlackSecret(ActionsConfig.Slack settings, SlackSecrets secrets) {
        if (settings.socketMode()) {
            return secrets.appToken().isPresent() ? null : SlackSecrets.APP_TOKEN_ENV + " (or actions.slack.appTokenFile)"
                    + " is required with actions.slack.mode socket: Socket Mode connects with the app-level token";
        }
        return secrets.signingSecret().isPresent() ? null : SlackSecrets.SIGNING_SECRET_ENV
                + " (or actions.slack.signingSecretFile) is required with a Slack bot token: without it clicks cannot be"
                + " verified";
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
        return tickProblem;
    }

    /** Waits until everything queued for execution so far has run (tests). */
    public void drainExecutions() throws InterruptedException {
        engine.drain();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
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

    public static Builder builder(KafkaClientSettings kafka, Topics topics, ActionsConfig config) {
        return new Builder(kafka, topics, config);
    }

    /** What the service is made of; everything but Kafka and the config has a safe default. */
    public static final class Builder {
        private final KafkaClientSettings kafka;
        private final Topics topics;
        private final ActionsConfig config;
        private PolicyGate gate = new io.reclaimer.actions.flow.DenyAllGate();
        private KubernetesClusters clusters;
        private AwsClients aws;
        private List<ActionExecutor> executors;
        private PrometheusRegistry registry = new PrometheusRegistry();
        private Clock clock = Clock.systemUTC();
        private Map<String, String> environment = Map.of();
        private ExecutionProbe probe = ExecutionProbe.NONE;
        private ChangeRequests changeRequests;

        private Builder(KafkaClientSettings kafka, Topics topics, ActionsConfig config) {
            this.kafka = kafka;
            this.topics = topics;
            this.config = config;
        }

        public Builder gate(PolicyGate value) {
            this.gate = value;
            return this;
        }

        /** The clusters the Kubernetes executors (downsize, schedule, PVC/PV delete, marks) act on. */
        public Builder kubernetes(KubernetesClusters value) {
            this.clusters = value;
            return this;
        }

        /** The AWS clients of the AWS executors (volume delete, EIP release, LB delete, marks). */
        public Builder aws(AwsClients value) {
            this.aws = value;
            return this;
        }

        /** Replaces the executors built from {@link #kubernetes} and {@link #aws} (tests). */
        public Builder executors(List<ActionExecutor> value) {
            this.executors = List.copyOf(value);
            return this;
        }

        public Builder registry(PrometheusRegistry value) {
            this.registry = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Where {@code SLACK_BOT_TOKEN} and {@code SLACK_SIGNING_SECRET} are read from (the process environment). */
        public Builder environment(Map<String, String> value) {
            this.environment = Map.copyOf(value);
            return this;
        }

        /** Where downsizes of GitOps-managed workloads go instead of the cluster (docs/gitops.md); none by default. */
        public Builder changeRequests(ChangeRequests value) {
            this.changeRequests = value;
            return this;
        }

        public Builder probe(ExecutionProbe value) {
            this.probe = value;
            return this;
        }

        public ActionsService start() {
            return new ActionsService(this);
        }
    }
}
