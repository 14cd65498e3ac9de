package io.reclaimer.app.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.AwsCollectorConfig;
import io.reclaimer.app.runtime.CollectorAgent;
import io.reclaimer.collectors.aws.state.KafkaPriorState;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
public final class CollectAwsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CollectAwsCommand.class);

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
        KafkaSettings settings = kafka.apply(loaded.kafka());
        Topics topics = Topics.namespace(settings.topicNamespace());
        PrometheusRegistry registry = new PrometheusRegistry();
        try (CollectorAgent agent = sinkOptions.open(settings, topics, "reclaimer-aws-collector", "aws-collector")) {
            EventSink sink = agent.sink();
            PriorState prior = KafkaPriorState.of(agent.prior(), topics);
            try (AwsCollector collector = AwsCollector.create(aws, topics, registry, prior, Clock.systemUTC())) {
                if (sinkOptions.once()) {
                    AwsCollector.Summary summary = collector.collectOnce(sink);
                    sink.flush();
                    LOG.info("collected {} resources, {} tombstones, {} billing lines; {} AWS calls failed",
                            summary.resources(), summary.tombstones(), summary.billingLines(), summary.errors());
                    if (summary.errors() > 0) {
                        // what could be listed was emitted; a script must still learn that the picture is partial
                        throw new IllegalStateException("AWS collection incomplete: " + summary.errors()
                                + " call(s) failed (logged above); collected " + summary.resources() + " resources and "
                                + summary.billingLines() + " billing lines from the rest");
                    }
                } else {
                    HttpSettings http = metricsPort == null ? loaded.http()
                            : loaded.http().withPort(metricsPort);
                    StreamingCollector.run("aws-collector", http, registry, null, sink, stop -> collector.run(sink, stop));
                }
            }
            sink.flush();
        }
        return 0;
    }
}
