package io.reclaimer.app.cli;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.logging.Logging;
import io.reclaimer.app.report.ActionsSummary;
import io.reclaimer.app.runtime.ActionsWiring;
import io.reclaimer.app.runtime.DefaultPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import io.reclaimer.app.runtime.CollectorRegistry;
import io.reclaimer.collectors.simulator.FleetSimulator;
import io.reclaimer.collectors.simulator.SimulatedSource;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.reports.ReportConfig;
import io.reclaimer.reports.ReportMetrics;
import io.reclaimer.reports.WeeklyReportJob;
import io.reclaimer.app.report.WeeklyReports;
import io.reclaimer.app.runtime.PipelineRun;
import java.io.PrintWriter;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The whole pipeline on an embedded broker and a simulated fleet: what Reclaimer does, in a minute. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the whole pipeline on an embedded Kafka broker and a simulated fleet with the actions service "
                + "under the default (safe) policies, then print what it would save and which actions it proposed.")
final class DemoCommand implements Callable<Integer> {

    static final String DEMO_RECIPIENT = "finops@example.com";

    @Option(names = "--clusters", paramLabel = "N", description = "Simulated clusters (default: simulator.clusters, 3).")
    Integer clusters;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the simulation (default: simulator.seed, 42).")
    Long seed;

    @Option(names = "--history", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Simulated history sent at start (default: simulator.history, 7d).")
    Duration history;

    @Option(names = "--speed", paramLabel = "X",
            description = "Simulated seconds per wall-clock second after the history (default: simulator.speed, 3600).")
    Double speed;

    @Option(names = "--email-output", paramLabel = "DIR",
            description = "At the end, write the weekly report e-mails the demo fleet's owners (and report.defaultRecipients, "
                    + "or finops@example.com) would receive into DIR, as .eml and .html.")
    Path emailOutput;

    @Mixin
    RunOptions run;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Mixin
    SlackOptions actionOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // the demo serves this machine only: its endpoints have no token
        ReclaimerConfig configured = config.load();
        ReclaimerConfig loaded = configured.withHttp(configured.http().withBindAddress("127.0.0.1"));
        SimulatorConfig simulation = loaded.simulator().with(clusters, seed, history, speed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Reclaimer demo: %d simulated clusters (seed %d), %s of history, then %.0fx real time.%n",
                simulation.clusters(), simulation.seed(), io.reclaimer.model.time.Durations.inOneUnit(simulation.history()),
                simulation.speed());
        if (!Logging.isVerbose()) {
            // the broker's start-up and the clients' reconnects are Kafka's business: a file, not the terminal
            Path kafkaLog = Logging.kafkaToFile(Files.createTempFile("reclaimer-demo-kafka-", ".log"));
            out.println("Kafka's own log: " + kafkaLog + " (--verbose shows it here)");
        }
        ActionsConfig actions = actionOptions.apply(loaded.actions());
        Path scratch = Files.createTempDirectory("reclaimer-demo-");
        try {
            if (!actions.hasPolicies()) {
                // the demo shows what the safe defaults do: dry-runs and approval requests, nothing executed unasked
                actions = actions.withPolicyDirectory(DefaultPolicies.locate(scratch));
            }
            PolicyGate gate = ActionsWiring.gate(actions);
            ActionsConfig settings = actions;
            AtomicReference<ActionsWiring.ManagedActions> service = new AtomicReference<>();
            AtomicReference<PipelineRun> demoPipeline = new AtomicReference<>();
            AtomicReference<FleetSimulator> fleet = new AtomicReference<>();
            return PipelineCommandSupport.run(loaded, kafka, run, out, true, pipeline -> {
                service.set(pipeline.addService(ActionsWiring.create(pipeline.kafka(), settings, gate, pipeline.registry(),
                        System.getenv(), loaded.aws())));
                out.println("Actions: " + gate.describe() + "; " + service.get().slackPort()
                        .map(p -> "Slack interactions on http://localhost:" + p + "/slack/events, Web API " + settings.slack().apiUrl())
                        .or(service.get()::slackInteractions).orElse("Slack skipped (no SLACK_BOT_TOKEN): approval requests are logged"));
                SimulatedSource source = CollectorRegistry.simulated(
                        pipeline.collectorContext(loaded.withSimulator(simulation)));
                // OpenCost's series on /metrics, as each simulated cluster's collector agent would serve them
                io.reclaimer.app.runtime.OpenCostExport.forSimulation(pipeline.registry(), source.simulator());
                fleet.set(source.simulator());
                pipeline.addCollector(source);
                demoPipeline.set(pipeline);
            }, (pipeline, deadline) -> new DemoProgress(out, () -> new DemoProgress.Reading(fleet.get().historyFraction(),
                    pipeline.analysisLag(), pipeline.analysisRunning(), System.nanoTime(),
                    deadline == null ? null : Duration.ofNanos(deadline - System.nanoTime())), System.console() != null).start(),
                summary -> {
                ActionsSummary.print(service.get() == null ? null : service.get().service(), summary);
                if (emailOutput != null) {
                    writeEmails(loaded.report(), demoPipeline.get(), summary);
                }
            });
        } finally {
            DefaultPolicies.delete(scratch);
        }
    }

    private void writeEmails(ReportConfig config, PipelineRun pipeline, PrintWriter out) {
        ReportConfig demo = config.defaultRecipients().isEmpty()
                ? config.withDefaultRecipients(List.of(DEMO_RECIPIENT)) : config;
        WeeklyReportJob.Outcome outcome = WeeklyReports.job(demo, pipeline.kafkaClient(), pipeline.topics(),
                emailOutput, ReportMetrics.unregistered()).run(List.of());
        out.printf("Weekly report e-mails: %d written into %s%n", outcome.delivered().size(), emailOutput);
        outcome.failed().forEach(failure -> out.println("  failed: " + failure));
    }
}
