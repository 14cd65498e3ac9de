package io.reclaimer.app.cli;

import io.reclaimer.actions.report.ReportMetrics;
import io.reclaimer.actions.report.WeeklyReportJob;
import io.reclaimer.actions.report.WeeklyReportSchedule;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.report.WeeklyReports;
import io.reclaimer.app.runtime.ReportScheduleService;
import io.reclaimer.app.config.StandaloneSettings;
import io.reclaimer.collectors.simulator.FleetSimulator;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.state.KafkaPriorState;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.collectors.kubernetes.KubernetesCollector;
import io.reclaimer.collectors.kubernetes.state.KafkaPriorInventory;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Every service in one process, on the sources the config file names. */
@Command(name = "standalone", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the pipeline in one process on the configured sources, on the embedded broker or an external Kafka.")
public final class StandaloneCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    RunOptions run;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        return PipelineCommandSupport.run(loaded, kafka, run, spec.commandLine().getOut(), pipeline -> {
            for (StandaloneSettings.Source source : loaded.standalone().sources()) {
                switch (source) {
                    case SIMULATED -> {
                        FleetSimulator simulator = new FleetSimulator(loaded.simulator(), pipeline.topics(), Clock.systemUTC());
                        pipeline.addCollector("simulator",
                                (sink, stop) -> simulator.run(sink, Clock.systemUTC(), () -> stop.getCount() == 0));
                    }
                    case AWS -> pipeline.addAgent(loaded.kafka().agentIdOr("aws-collector"), (state, sink, stop) -> {
                        PriorState prior = KafkaPriorState.of(state, pipeline.topics());
                        try (AwsCollector collector = AwsCollector.create(loaded.aws(), pipeline.topics(),
                                pipeline.registry(), prior, Clock.systemUTC())) {
                            collector.run(sink, stop);
                        }
                    });
                    case KUBERNETES -> {
                        // created here, not in the collector's thread, so a context missing from the kubeconfig
                        // stops the start-up with one line instead of leaving a pipeline without its source
                        KubernetesCollector collector = KubernetesCollector.create(loaded.kubernetes(),
                                pipeline.topics(), pipeline.registry());
                        pipeline.addAgent(loaded.kafka().agentIdOr("kubernetes-collector"), (state, sink, stop) -> {
                            try (collector) {
                                PriorInventory prior = KafkaPriorInventory.of(state, pipeline.topics());
                                collector.run(sink, prior, stop);
                            }
                        });
                    }
                    default -> throw new IllegalStateException("unhandled source " + source);
                }
            }
            if (loaded.report().enabled()) {
                // every service in one process: the weekly report goes out on its schedule from here too
                WeeklyReportJob job = WeeklyReports.job(loaded.report(), pipeline.kafkaClient(), pipeline.topics(),
                        null, ReportMetrics.register(pipeline.registry()));
                pipeline.addService(new ReportScheduleService(WeeklyReportSchedule.of(loaded.report(), Clock.systemUTC(), job)));
            }
        });
    }
}
