package io.reclaimer.app.cli;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.reports.ReportMetrics;
import io.reclaimer.reports.WeeklyReportJob;
import io.reclaimer.reports.WeeklyReportSchedule;
import io.reclaimer.app.config.ConfigException;
import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.report.ActionsSummary;
import io.reclaimer.app.runtime.ActionsWiring;
import io.reclaimer.app.runtime.CollectorRegistry;
import io.reclaimer.app.report.WeeklyReports;
import io.reclaimer.app.runtime.ReportScheduleService;
import io.reclaimer.app.config.StandaloneSettings;
import java.time.Clock;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Every service in one process, on the sources the config file names. */
@Command(name = "standalone", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole pipeline in one process on the configured sources, on the embedded broker or an "
                + "external Kafka: collectors (standalone.sources), the analysis, the actions service (unless "
                + "standalone.actions is false) and the weekly report.",
            "The actions service obeys actions.policyDirectory (or --policies); without one it denies every action."})
final class StandaloneCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    RunOptions run;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SlackOptions actionOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        PrintWriter out = spec.commandLine().getOut();
        boolean withActions = loaded.standalone().actions();
        if (!withActions) {
            // a configured section nobody reads is a misconfiguration: fail now rather than act as if it were obeyed
            ConfigLoader.sectionSource(config.file, System.getenv(), "actions").ifPresent(where -> {
                throw new ConfigException(where + ": the actions section is configured, but standalone.actions is false: "
                        + "nothing in this process would use it (remove the section, set standalone.actions: true, or "
                        + "run it with `reclaimer actions`)", null);
            });
        }
        ActionsConfig actions = actionOptions.apply(loaded.actions());
        PolicyGate gate = withActions ? ActionsWiring.gate(actions) : null;
        AtomicReference<ActionsWiring.ManagedActions> service = new AtomicReference<>();
        return PipelineCommandSupport.run(loaded, kafka, run, out, false, pipeline -> {
            if (withActions) {
                service.set(pipeline.addService(ActionsWiring.create(pipeline.kafka(), actions, gate, pipeline.registry(),
                        System.getenv(), loaded.aws())));
                out.println("Actions: " + gate.describe() + "; dry-run " + actions.dryRun() + "; " + service.get()
                        .slackPort().map(p -> "Slack interactions on http://localhost:" + p + "/slack/events")
                        .or(service.get()::slackInteractions).orElse("Slack skipped (no SLACK_BOT_TOKEN): approval requests are logged"));
            } else {
                out.println("Actions: not run here (standalone.actions is false)");
            }
            CollectorRegistry sources = CollectorRegistry.builtIn();
            for (StandaloneSettings.Source source : loaded.standalone().sources()) {
                // built here, not in the collector's thread, so a context missing from the kubeconfig stops the
                // start-up with one line instead of leaving a pipeline without its source
                pipeline.addCollector(sources.create(source, pipeline.collectorContext(loaded)));
            }
            if (loaded.report().enabled()) {
                // every service in one process: the weekly report goes out on its schedule from here too
                WeeklyReportJob job = WeeklyReports.job(loaded.report(), pipeline.kafkaClient(), pipeline.topics(),
                        null, ReportMetrics.register(pipeline.registry()));
                pipeline.addService(new ReportScheduleService(WeeklyReportSchedule.of(loaded.report(), Clock.systemUTC(), job)));
            }
        }, summaryOut -> ActionsSummary.print(service.get() == null ? null : service.get().service(), summaryOut));
    }
}
