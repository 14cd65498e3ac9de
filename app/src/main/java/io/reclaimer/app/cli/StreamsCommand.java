package io.reclaimer.app.cli;

import io.reclaimer.app.config.ReclaimerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The central analysis alone, as deployed next to a production Kafka: run as many instances with the same
 * {@code analysis.applicationId} as the partitions warrant.
 */
@Command(name = "streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the analysis (Kafka Streams) service: rightsizing, findings, cost allocation, metrics.")
final class StreamsCommand implements Callable<Integer> {

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
        return PipelineCommandSupport.runAnalysis(loaded, kafka, run, spec.commandLine().getOut());
    }
}
