package io.reclaimer.collectors.aws;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.aws.state.KafkaPriorState;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The AWS collector as a {@link Collector}: created (clients built, configuration checked) before anything connects,
 * seeded with the agent's prior state when a pass or the stream begins.
 */
public final class AwsSource implements Collector {

    private final AwsCollector collector;
    private final Topics topics;

    public AwsSource(AwsCollectorConfig config, Topics topics, PrometheusRegistry registry, Clock clock) {
        this.collector = AwsCollector.create(config, topics, registry, PriorState.empty(), clock);
        this.topics = topics;
    }

    @Override
    public String name() {
        return "aws-collector";
    }

    @Override
    public boolean keepsState() {
        return true;
    }

    @Override
    public Pass collectOnce(EventSink sink, AgentState prior) {
        collector.seed(KafkaPriorState.of(prior, topics));
        AwsCollector.Summary summary = collector.collectOnce(sink);
        sink.flush();
        String line = "collected " + summary.resources() + " resources, " + summary.tombstones() + " tombstones, "
                + summary.billingLines() + " billing lines; " + summary.errors() + " AWS calls failed";
        // what could be listed was emitted; a script must still learn that the picture is partial
        return new Pass(line, summary.errors() == 0 ? null : "AWS collection incomplete: " + summary.errors()
                + " call(s) failed (logged above); collected " + summary.resources() + " resources and "
                + summary.billingLines() + " billing lines from the rest");
    }

    @Override
    public void run(EventSink sink, AgentState prior, CountDownLatch stop) throws InterruptedException {
        collector.seed(KafkaPriorState.of(prior, topics));
        collector.run(sink, stop);
    }

    @Override
    public void close() {
        collector.close();
    }
}
