package io.reclaimer.collectors.kubernetes.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.sun.net.httpserver.HttpServer;
import io.reclaimer.collectors.kubernetes.history.PrometheusClient;
import io.reclaimer.collectors.kubernetes.owners.PodOwners;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.usage.GpuUsageSample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DCGM's GPU utilisation read through Prometheus's query API, as dcgm-exporter labels it. */
class DcgmGpuUsageTest {

    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    /** What Prometheus answers for DCGM_FI_DEV_GPU_UTIL: two GPUs of one pod, one GPU held by no pod, and a pod
     *  whose labels were renamed because Prometheus scraped the exporter's own pod. */
    private static final String ANSWER = """
            {"status":"success","data":{"resultType":"vector","result":[
             {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"0","UUID":"GPU-1a","device":"nvidia0","modelName":"NVIDIA A10G",
               "Hostname":"gpu-1","namespace":"ml","pod":"trainer-5d8f-abc","container":"trainer"},"value":[1793613600,"2"]},
             {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"1","UUID":"GPU-1b","device":"nvidia1","modelName":"NVIDIA A10G",
               "Hostname":"gpu-1","namespace":"ml","pod":"trainer-5d8f-abc","container":"trainer"},"value":[1793613600,"4"]},
             {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"2","UUID":"GPU-1c","device":"nvidia2","modelName":"NVIDIA A10G",
               "Hostname":"gpu-1"},"value":[1793613600,"0"]},
             {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"0","UUID":"GPU-2a","Hostname":"gpu-2","namespace":"gpu-operator",
               "pod":"nvidia-dcgm-exporter-x7k2p","container":"nvidia-dcgm-exporter","exported_namespace":"ml",
               "exported_pod":"infer-7c9d-xyz","exported_container":"server"},"value":[1793613600,"87"]}
            ]}}""";

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            queries.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void averagesAPodContainersGpusAndAttributesThemToItsWorkload() {
        PodOwners owners = new PodOwners() {
            @Override
            public Optional<WorkloadRef> ownerOf(String namespace, String pod) {
                return Optional.of(new WorkloadRef("ml-cluster", namespace, "Deployment", pod.substring(0, pod.indexOf('-'))));
            }

            @Override
            public boolean workloadExists(String namespace, String kind, String name) {
                return true;
            }

            @Override
            public Optional<io.reclaimer.collectors.kubernetes.owners.Workload> controllerOf(String namespace, String kind,
                                                                                               String name) {
                return Optional.empty();
            }
        };
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        List<GpuUsageSample> samples = new DcgmGpuUsage("ml-cluster", new PrometheusClient(url, Duration.ofSeconds(10)),
                owners).poll(NOW);

        assertThat(queries).singleElement().asString().contains("query=DCGM_FI_DEV_GPU_UTIL");
        assertThat(samples).hasSize(2);
        GpuUsageSample trainer = samples.get(0);
        assertThat(trainer.container().key()).isEqualTo("ml-cluster/ml/Deployment/trainer/trainer");
        assertThat(trainer.gpus()).isEqualTo(2);
        assertThat(trainer.utilizationRatio()).isCloseTo(0.03, offset(1e-12));
        assertThat(trainer.timestamp()).isEqualTo(NOW);
        GpuUsageSample infer = samples.get(1);
        assertThat(infer.container().key()).isEqualTo("ml-cluster/ml/Deployment/infer/server");
        assertThat(infer.utilizationRatio()).isCloseTo(0.87, offset(1e-12));
    }
}
