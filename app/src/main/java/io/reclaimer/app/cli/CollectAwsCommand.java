package io.reclaimer.app.cli;

import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.config.StandaloneSettings.Source;
import io.reclaimer.collectors.aws.AwsCollectorConfig;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The AWS collector: EC2 / ELB inventory and Cost Explorer billing of the configured accounts and
 * regions. Credentials come from the AWS SDK's default provider chain.
 */
@Command(name = "aws", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream EC2 / ELB inventory and Cost Explorer daily costs of AWS accounts into Kafka.",
            "Credentials come from the AWS SDK's default provider chain (environment, ~/.aws, web identity, "
                    + "instance or container role); see deploy/aws/ for the IAM policy."})
final class CollectAwsCommand implements Callable<Integer> {

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region to list; repeat for several (default: aws.regions, us-east-1).")
    List<String> regions;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to this endpoint, for emulators and tests (default: aws.endpointUrl).")
    URI endpointUrl;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of /metrics and /healthz while streaming (default: http.port, 9400).")
    Integer metricsPort;

    @Mixin
    SinkOptions sinkOptions;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        AwsCollectorConfig aws = loaded.aws();
        if (regions != null && !regions.isEmpty()) {
            aws = aws.withRegions(regions);
        }
        if (endpointUrl != null) {
            aws = aws.withEndpointUrl(endpointUrl);
        }
        HttpSettings http = metricsPort == null ? loaded.http() : loaded.http().withPort(metricsPort);
        return CollectSupport.collect(Source.AWS, loaded.withAws(aws), kafka.apply(loaded.kafka()), sinkOptions, http);
    }
}
