package io.reclaimer.app.cli;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.reports.ReportMetrics;
import io.reclaimer.reports.WeeklyReportJob;
import io.reclaimer.reports.WeeklyReportSchedule;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.report.WeeklyReports;
import io.reclaimer.app.runtime.ReportScheduleService;
import java.time.Clock;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.ActionsWiring;
import io.reclaimer.app.runtime.HttpEndpoints;
import io.reclaimer.app.runtime.KafkaRuntime;
import io.reclaimer.app.runtime.Services;
import io.reclaimer.app.security.ServiceRole;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The actions service: findings in; policies decide; dry-runs are recorded, approvals go to Slack, automatic
 * actions execute exactly once; everything is audited. Run one instance per Kafka cluster and topic namespace:
 * a second one with the same {@code actions.transactionalId} takes over and fences the first.
 */
@Command(name = "actions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the actions service: policies decide, Slack approves, executors act exactly once, "
                + "everything is audited.",
            "Safe by default: without a policy set every action is denied; Slack is skipped without SLACK_BOT_TOKEN."})
final class ActionsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    SlackOptions actionOptions;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of /metrics and /healthz (default: http.port, 9400).")
    Integer metricsPort;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (default: run until Ctrl-C).")
    Duration duration;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        ActionsConfig actions = actionOptions.apply(loaded.actions());
        PolicyGate gate = ActionsWiring.gate(actions);
        PrintWriter out = spec.commandLine().getOut();
        HttpSettings http = metricsPort == null ? loaded.http() : loaded.http().withPort(metricsPort);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        try (KafkaRuntime runtime = KafkaRuntime.open(kafka.apply(loaded.kafka()), false,
                ServiceRole.ACTIONS::topics);
             Services services = new Services();
             HttpEndpoints endpoints = HttpEndpoints.start(http, registry, services)) {
            ActionsWiring.ManagedActions service = ActionsWiring.create(runtime, actions, gate, registry, System.getenv(),
                    loaded.aws());
            services.start(service);
            if (loaded.report().enabled()) {
                // the weekly cost report goes out from the actions service, on report.schedule
                WeeklyReportJob report = WeeklyReports.job(loaded.report(), runtime.client(), runtime.topics(),
                        null, ReportMetrics.register(registry));
                services.start(new ReportScheduleService(WeeklyReportSchedule.of(loaded.report(), Clock.systemUTC(), report)));
            }
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "reclaimer-actions-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("Actions service on Kafka %s%s: %s; dry-run %s; %s; metrics on http://localhost:%d/metrics%n",
                    runtime.bootstrapServers(), runtime.embedded() ? " (embedded)" : "", gate.describe(), actions.dryRun(),
                    service.slackPort().map(p -> "Slack interactions on http://localhost:" + p + "/slack/events")
                            .or(service::slackInteractions).orElse("Slack skipped (no SLACK_BOT_TOKEN)"), endpoints.port());
            out.flush();
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
            return 0;
        } finally {
            finished.countDown();
        }
    }
}
