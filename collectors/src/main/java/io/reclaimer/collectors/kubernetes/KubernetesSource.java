package io.reclaimer.collectors.kubernetes;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.kubernetes.state.KafkaPriorInventory;
import io.reclaimer.collectors.pricing.KafkaPriceFeed;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes collector as a {@link Collector}. Created eagerly, so a context missing from the kubeconfig stops
 * the start-up with one line; when Kafka is at hand, nodes are priced from the prices topic (the AWS collector's real
 * prices), read before the first publication, and from the shipped table until then.
 */
public final class KubernetesSource implements Collector {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSource.class);
    private static final Duration PRICES_CATCH_UP = Duration.ofSeconds(60);

    private final KubernetesCollector collector;
    private final Topics topics;
    private final Map<String, Object> kafkaClient;

    /** {@code kafkaClient}: the properties to read the prices topic with; null (stdout) prices from the shipped table. */
    public KubernetesSource(KubernetesCollectorConfig config, Topics topics, PrometheusRegistry registry,
                            Map<String, Object> kafkaClient) {
        this.collector = KubernetesCollector.create(config, topics, registry);
        this.topics = topics;
        this.kafkaClient = kafkaClient;
    }

    @Override
    public String name() {
        return "kubernetes-collector";
    }

    @Override
    public boolean keepsState() {
        return true;
    }

    @Override
    public Pass collectOnce(EventSink sink, AgentState prior) throws InterruptedException {
        KafkaPriceFeed prices = prices();
        try {
            KubernetesCollector.OnceResult result = collector.collectOnce(sink, KafkaPriorInventory.of(prior, topics));
            return result.complete() ? Pass.complete(null) : new Pass(null, "could not collect "
                    + result.failed().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                            .collect(Collectors.joining(", "))
                    + (result.collected().isEmpty() ? "" : "; collected " + String.join(", ", result.collected())));
        } finally {
            close(prices);
        }
    }

    @Override
    public void run(EventSink sink, AgentState prior, CountDownLatch stop) throws InterruptedException {
        KafkaPriceFeed prices = prices();
        try {
            collector.run(sink, KafkaPriorInventory.of(prior, topics), stop);
        } finally {
            close(prices);
        }
    }

    /** Unhealthy while a cluster is unreachable. */
    @Override
    public String problem() {
        return collector.clustersUp().entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                .map(cluster -> cluster + " unreachable").collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        collector.close();
    }

    private static void close(KafkaPriceFeed prices) {
        if (prices != null) {
            prices.close();
        }
    }

    /** Null without Kafka. */
    private KafkaPriceFeed prices() throws InterruptedException {
        if (kafkaClient == null) {
            return null;
        }
        KafkaPriceFeed feed = KafkaPriceFeed.start(kafkaClient, topics.prices(), collector.priceBook());
        try {
            if (!feed.awaitCaughtUp(PRICES_CATCH_UP)) {
                LOG.warn("prices topic not read within 60 s: nodes are priced from the shipped table until it is");
            }
        } catch (InterruptedException e) {
            feed.close();
            throw e;
        }
        return feed;
    }
}
