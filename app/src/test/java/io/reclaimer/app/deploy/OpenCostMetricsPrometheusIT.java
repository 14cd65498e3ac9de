package io.reclaimer.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.KafkaRuntime;
import io.reclaimer.app.runtime.OpenCostExport;
import io.reclaimer.app.runtime.PipelineRun;
import io.reclaimer.collectors.simulator.FleetSimulator;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenCost's series as the demo serves them, scraped by a real Prometheus (Debian's {@code prometheus}) with
 * OpenCost's documented scrape job ({@code honor_labels: true}), and the example queries of OpenCost's Prometheus
 * documentation answered from them, with OpenCost's exact label sets.
 */
@ExtendWith(KafkaExtension.class)
class OpenCostMetricsPrometheusIT {

    /** OpenCost documentation, "Working with Prometheus", example queries (the namespace one on a demo namespace). */
    static final String TOP_5_CONTAINERS = """
            topk( 5,
              container_memory_allocation_bytes* on(instance) group_left() node_ram_hourly_cost  / 1024 / 1024 / 1024 * 730
              +
              container_cpu_allocation * on(instance) group_left() node_cpu_hourly_cost * 730
            )""";
    static final String NAMESPACE_MEMORY_HOURLY = """
            sum(
              avg(container_memory_allocation_bytes{namespace="shop"}) by (instance) / 1024 / 1024 / 1024
              *
              on(instance) group_left() avg(node_ram_hourly_cost) by (instance)
            )""";
    static final String NODES_MONTHLY = "sum(node_total_hourly_cost) * 730";

    @Test
    void openCostsDocumentedQueriesReturnDataFromTheDemo(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        // closing the pipeline closes Kafka Streams and its RocksDB stores, so the state goes with the @TempDir
        Path state = dir.resolve("state");
        Path binary = PrometheusBinary.require("prometheus");
        String namespace = "it-opencost-" + UUID.randomUUID().toString().substring(0, 8);
        ReclaimerConfig config = new ReclaimerConfig(new KafkaSettings(kafka.bootstrapServers(), null, namespace, (short) 1),
                null, null, AnalysisConfig.DEFAULTS.withApplicationId(namespace + "-analysis"),
                SimulatorConfig.DEFAULTS.with(2, 42L, Duration.ofHours(2), 3600.0), null, null, null, null, null, null);
        try (KafkaRuntime runtime = KafkaRuntime.open(config.kafka(), false);
             PipelineRun pipeline = PipelineRun.start(config, new HttpSettings(0, "127.0.0.1"), runtime, state)) {
            // exactly what `reclaimer demo` wires: the simulated clusters' agents' series on the pipeline's /metrics
            FleetSimulator simulator = new FleetSimulator(config.simulator(), pipeline.topics(), Clock.systemUTC());
            OpenCostExport.forSimulation(pipeline.registry(), simulator);
            double fleetHourly = simulator.fleet().clusters().stream()
                    .mapToDouble(c -> simulator.openCost(c.id()).nodes().stream()
                            .mapToDouble(n -> n.totalUsdPerHour()).sum()).sum();

            try (PrometheusServer prometheus = PrometheusServer.start(binary, dir,
                    List.of("127.0.0.1:" + pipeline.httpPort()), List.of(), true)) {
                Map<String, JsonNode> answers = new java.util.LinkedHashMap<>();
                Awaitility.await("OpenCost's documented queries answer with data").atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                            for (String q : List.of(TOP_5_CONTAINERS, NAMESPACE_MEMORY_HOURLY, NODES_MONTHLY)) {
                                answers.put(q, prometheus.query(q).path("result"));
                            }
                            return answers.values().stream().allMatch(r -> !r.isEmpty());
                        });

                assertThat(answers.get(TOP_5_CONTAINERS)).hasSize(5);
                assertThat(answers.get(TOP_5_CONTAINERS).get(0).path("metric").path("namespace").asText()).isNotEmpty();
                double monthly = answers.get(NODES_MONTHLY).get(0).path("value").get(1).asDouble();
                assertThat(monthly).isCloseTo(fleetHourly * 730, within(1e-6 * monthly));
                assertThat(answers.get(NAMESPACE_MEMORY_HOURLY).get(0).path("value").get(1).asDouble()).isPositive();

                // a scrape missed on a loaded machine makes the series stale for a moment: the checks are retried
                Awaitility.await("OpenCost's label sets on the scraped series").atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(labelNames(prometheus, "node_total_hourly_cost"))
                            .containsExactlyInAnyOrder("__name__", "job", "instance", "node", "instance_type", "region",
                                    "provider_id", "arch", "uid");
                    for (String node : List.of("node_cpu_hourly_cost", "node_ram_hourly_cost", "node_gpu_hourly_cost",
                            "node_gpu_count")) {
                        assertThat(labelNames(prometheus, node)).as(node).isEqualTo(labelNames(prometheus, "node_total_hourly_cost"));
                    }
                    for (String container : List.of("container_cpu_allocation", "container_memory_allocation_bytes")) {
                        assertThat(labelNames(prometheus, container)).as(container).containsExactlyInAnyOrder("__name__", "job",
                                "namespace", "pod", "container", "instance", "node", "uid");
                    }
                    // these two have no instance label of their own: Prometheus adds the scrape target's, as it does for OpenCost
                    assertThat(labelNames(prometheus, "pv_hourly_cost")).containsExactlyInAnyOrder("__name__", "job", "instance",
                            "volumename", "persistentvolume", "provider_id", "uid");
                    assertThat(labelNames(prometheus, "kubecost_load_balancer_cost")).containsExactlyInAnyOrder("__name__",
                            "job", "instance", "ingress_ip", "namespace", "service_name", "uid");
                    assertThat(prometheus.query("pv_hourly_cost").path("result").get(0).path("metric").path("instance").asText())
                            .isEqualTo("127.0.0.1:" + pipeline.httpPort());
                    // the demo fleet has no GPU: OpenCost emits container_gpu_allocation only for containers requesting GPUs
                    assertThat(prometheus.query("container_gpu_allocation").path("result")).isEmpty();
                    assertThat(prometheus.query("sum(node_gpu_count)").path("result").get(0).path("value").get(1).asDouble())
                            .isZero();
                });
            }
        }
    }

    private static Set<String> labelNames(PrometheusServer prometheus, String metric) throws Exception {
        JsonNode result = prometheus.query(metric).path("result");
        assertThat(result).as(metric + " has series").isNotEmpty();
        Set<String> names = new TreeSet<>();
        List<String> each = new ArrayList<>();
        result.get(0).path("metric").fieldNames().forEachRemaining(each::add);
        names.addAll(each);
        names.add("__name__");
        return names;
    }
}
