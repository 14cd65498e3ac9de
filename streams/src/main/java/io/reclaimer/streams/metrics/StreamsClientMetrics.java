package io.reclaimer.streams.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The analysis' throughput and lag from Kafka Streams' own client metrics, all three series read in one pass per
 * scrape. {@code KafkaStreams.metrics()} copies every client's metric registry (thousands of entries with a few dozen
 * partitions); reading it once per series tripled a scrape's cost, which showed as the busiest thread of the
 * dashboard test under a one-second scrape interval.
 */
final class StreamsClientMetrics implements MultiCollector {

    static final String LAG = "reclaimer_streams_consumer_lag_records";
    static final String PROCESSED = "reclaimer_streams_records_processed";
    static final String RATE = "reclaimer_streams_process_records_per_second";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;

    StreamsClientMetrics(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Double> lagByTopic = new TreeMap<>();
        double processed = 0;
        double rate = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
            MetricName n = e.getKey();
            boolean lag = n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")
                    && n.tags().containsKey("topic"); // without the tag it is the per-client roll-up
            boolean total = n.name().equals("process-total") && n.group().equals("stream-thread-metrics");
            boolean perSecond = n.name().equals("process-rate") && n.group().equals("stream-thread-metrics");
            if (!lag && !total && !perSecond) {
                continue;
            }
            if (!(e.getValue().metricValue() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                continue;
            }
            double value = number.doubleValue();
            if (lag) {
                lagByTopic.merge(n.tags().get("topic"), value, Double::sum);
            } else if (total) {
                processed += value;
            } else {
                rate += value;
            }
        }
        GaugeSnapshot.Builder lags = GaugeSnapshot.builder().name(LAG)
                .help("Records the analysis has yet to read, summed over the partitions of each input topic it owns");
        lagByTopic.forEach((topic, value) -> lags.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("topic", topic)).value(value).build()));
        return MetricSnapshots.of(lags.build(),
                CounterSnapshot.builder().name(PROCESSED)
                        .help("Records processed by the analysis' stream threads since start-up; rate() is the processing rate")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(processed).build()).build(),
                GaugeSnapshot.builder().name(RATE)
                        .help("Records processed per second, as Kafka Streams measures it over its own sampling window")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(rate).build()).build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(LAG, PROCESSED, RATE);
    }
}
