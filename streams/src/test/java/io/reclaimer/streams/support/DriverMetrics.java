package io.reclaimer.streams.support;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.streams.metrics.LiveAggregates;
import io.reclaimer.streams.metrics.StateAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The analysis's metrics over a {@link Driver}: its state as a running instance shows it, and the scraped text. */
public final class DriverMetrics {

    private DriverMetrics() {
    }

    /** The driver's stores, aggregates and client metrics, as {@link StateAccess} promises them (null: not in the topology). */
    public static StateAccess stateAccess(Driver driver) {
        return new StateAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                try {
                    return driver.raw().getKeyValueStore(name);
                } catch (RuntimeException e) {
                    return null; // a store of another feature: not in this topology
                }
            }

            @Override
            public LiveAggregates aggregates() {
                return LiveAggregates.forInstance(driver.instance());
            }

            @Override
            public Map<MetricName, ? extends Metric> kafkaMetrics() {
                return driver.raw().metrics();
            }

            @Override
            public boolean running() {
                return true;
            }
        };
    }

    /** GET /metrics, as the text format Prometheus reads. */
    public static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code name{labels}} to value, from the text format. */
    public static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
