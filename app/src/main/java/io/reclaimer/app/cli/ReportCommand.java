package io.reclaimer.app.cli;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.reports.ReportConfig;
import io.reclaimer.reports.ReportMetrics;
import io.reclaimer.reports.WeeklyReportJob;
import io.reclaimer.reports.WeeklyReportSchedule;
import io.reclaimer.model.time.Durations;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.report.WeeklyReports;
import io.reclaimer.app.runtime.HttpEndpoints;
import io.reclaimer.app.runtime.ReportScheduleService;
import io.reclaimer.app.runtime.Services;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import io.reclaimer.model.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The weekly cost report, now (to its owners, to --to, or into a directory) or on its schedule. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send the weekly cost report now, write it to a directory, or run it on its schedule (report.schedule).")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--to", paramLabel = "ADDR", split = ",",
            description = "Send the whole-fleet report to these addresses only, instead of routing it to owners.")
    List<String> to;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The period \"this week\" covers (default: report.period, 7d).")
    Duration since;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Write each report as .eml and .html (plus .png and .csv) into DIR instead of sending it.")
    Path output;

    @Option(names = "--schedule",
            description = "Run as a service: send on report.schedule in report.timeZone until stopped, serving /metrics and /healthz.")
    boolean schedule;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of /metrics and /healthz with --schedule (default: http.port, 9400).")
    Integer metricsPort;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        KafkaSettings settings = kafka.apply(loaded.kafka());
        if (settings.embedded()) {
            throw new IllegalArgumentException("report reads the pipeline's state from Kafka: give --kafka-bootstrap "
                    + "(or kafka.bootstrapServers)");
        }
        ReportConfig reportConfig = since == null ? loaded.report() : loaded.report().withPeriod(since);
        List<String> recipients = to == null ? List.of() : to.stream().map(String::trim).filter(a -> !a.isEmpty()).toList();
        for (String address : recipients) {
            try {
                ReportConfig.DEFAULTS.withDefaultRecipients(List.of(address));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--to: invalid e-mail address '" + address + "'", e);
            }
        }
        Topics topics = Topics.namespace(settings.topicNamespace());
        PrintWriter out = spec.commandLine().getOut();
        if (schedule) {
            return runScheduled(loaded, reportConfig, settings, topics, out);
        }
        WeeklyReportJob job = WeeklyReports.job(reportConfig, client(settings, topics), topics, output,
                ReportMetrics.unregistered());
        WeeklyReportJob.Outcome outcome = job.run(recipients);
        outcome.delivered().forEach(line -> out.println("report " + line));
        if (outcome.delivered().isEmpty() && outcome.failed().isEmpty()) {
            out.println("no report: nobody owns anything with waste yet and report.defaultRecipients is empty (try --to ADDR)");
        }
        out.flush();
        if (!outcome.failed().isEmpty()) {
            throw new IllegalStateException(outcome.failed().size() + " of " + (outcome.failed().size()
                    + outcome.delivered().size()) + " reports failed: " + String.join("; ", outcome.failed()));
        }
        return 0;
    }

    /** The report reads what the actions service may read: probed before anything else. */
    private static KafkaClientSettings client(KafkaSettings settings, Topics topics) {
        KafkaClientSettings client = settings.client(settings.bootstrapServers());
        KafkaConnectionCheck.verify(client, List.of(topics.recommendations().name(), topics.findings().name(),
                topics.kubernetesInventory().name(), topics.actionRequests().name(), topics.actionResults().name()),
                settings.connectionTimeout());
        return client;
    }

    private int runScheduled(ReclaimerConfig loaded, ReportConfig reportConfig, KafkaSettings settings, Topics topics,
                             PrintWriter out) throws InterruptedException {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        WeeklyReportJob job = WeeklyReports.job(reportConfig, client(settings, topics), topics, output,
                ReportMetrics.register(registry));
        WeeklyReportSchedule weekly = WeeklyReportSchedule.of(reportConfig, Clock.systemUTC(), job);
        CountDownLatch stopped = new CountDownLatch(1);
        Services services = new Services();
        var http = metricsPort == null ? loaded.http()
                : loaded.http().withPort(metricsPort);
        try (HttpEndpoints endpoints = HttpEndpoints.start(http, registry, services); services) {
            services.start(new ReportScheduleService(weekly));
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "reclaimer-report-shutdown"));
            out.printf("Weekly report on '%s' (%s), next at %s; metrics on http://localhost:%d/metrics%n",
                    reportConfig.schedule(), reportConfig.timeZone(),
                    weekly.nextRun().map(Object::toString).orElse("never"), endpoints.port());
            out.printf("Covering the last %s; %s.%n", Durations.inOneUnit(reportConfig.period()),
                    output == null ? "sending through " + reportConfig.smtpHost() + ":" + reportConfig.smtpPort()
                            : "writing into " + output);
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
