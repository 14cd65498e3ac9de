package io.reclaimer.app.cli;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.HttpEndpoints;
import io.reclaimer.app.runtime.Services;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.AwsCollectorConfig;
import io.reclaimer.collectors.aws.state.KafkaPriorState;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    private static final Duration STATE_READ_TIMEOUT = Duration.ofSeconds(60);

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
    public Integer call() throws InterruptedException {
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
        try (EventSink sink = sinkOptions.open(settings, "reclaimer-aws-collector")) {
            // printing to stdout keeps no state: nothing is read back, and nothing is tombstoned
            PriorState prior = sinkOptions.toStdout() ? PriorState.empty()
                    : KafkaPriorState.read(settings.bootstrapServers(), topics, STATE_READ_TIMEOUT);
            try (AwsCollector collector = AwsCollector.create(aws, topics, registry, prior, Clock.systemUTC())) {
                if (sinkOptions.once()) {
                    AwsCollector.Summary summary = collector.collectOnce(sink);
                    LOG.info("collected {} resources, {} tombstones, {} billing lines; {} AWS calls failed",
                            summary.resources(), summary.tombstones(), summary.billingLines(), summary.errors());
                } else {
                    stream(collector, sink, loaded.http(), registry);
                }
            }
            sink.flush();
        }
        return 0;
    }

    private void stream(AwsCollector collector, EventSink sink, HttpSettings http, PrometheusRegistry registry)
            throws InterruptedException {
        JvmMetrics.builder().register(registry);
        HttpSettings endpoint = metricsPort == null ? http : new HttpSettings(metricsPort, http.bindAddress());
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // on SIGTERM, let the current pass end and the sink flush before the JVM goes
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "aws-collector-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Services services = new Services();
             HttpEndpoints endpoints = HttpEndpoints.start(endpoint, registry, services)) {
            LOG.info("AWS collector streaming; /metrics on port {}", endpoints.port());
            collector.run(sink, stop);
        } finally {
            stopped.countDown();
        }
    }
}
