package io.reclaimer.collectors.kubernetes.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.reclaimer.collectors.kubernetes.RecordingSink;
import io.reclaimer.collectors.kubernetes.owners.PodOwners;
import io.reclaimer.collectors.kubernetes.owners.Workload;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backfill against a local server answering the Prometheus HTTP API's JSON, matrix by matrix. */
class PrometheusBackfillTest {

    private static final Instant NOW = Instant.parse("2025-01-15T00:00:00Z");
    private static final long STEP = 300;

    private HttpServer server;
    private final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private final List<Double> progress = new ArrayList<>();
    private Function<Map<String, String>, String> answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", exchange -> {
            Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            params.put("path", exchange.getRequestURI().getPath());
            requests.add(params);
            String body = answer.apply(params);
            int status = body.contains("\"status\":\"error\"") ? 400 : 200;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
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
    void joinsCpuAndMemoryIntoUsageSamplesOfTheOwningWorkloadChunkByChunk() {
        answer = params -> {
            String query = params.getOrDefault("query", "");
            if (params.get("path").endsWith("/query")) {
                return vector(query.contains("kube_pod_owner")
                        ? "{\"metric\":{\"namespace\":\"shop\",\"pod\":\"web-5c8d7f9b6-zq4xk\",\"owner_kind\":\"ReplicaSet\","
                        + "\"owner_name\":\"web-5c8d7f9b6\"},\"value\":[" + NOW.getEpochSecond() + ",\"1\"]}"
                        : query.contains("kube_replicaset_owner")
                        ? "{\"metric\":{\"namespace\":\"shop\",\"replicaset\":\"web-5c8d7f9b6\",\"owner_kind\":\"Deployment\","
                        + "\"owner_name\":\"web\"},\"value\":[" + NOW.getEpochSecond() + ",\"1\"]}" : "");
            }
            long start = Long.parseLong(params.get("start"));
            long end = Long.parseLong(params.get("end"));
            if (query.contains("container_cpu_usage_seconds_total")) {
                return matrix(series("web-5c8d7f9b6-zq4xk", "app", start, end, t -> "0.25"),
                        series("db-0", "postgres", start, end, t -> "1.5"),
                        series("gone-7f8d9c-abcde", "x", start, end, t -> "0.1"));
            }
            if (query.contains("container_memory_working_set_bytes")) {
                return matrix(series("web-5c8d7f9b6-zq4xk", "app", start, end, t -> "268435456"),
                        series("db-0", "postgres", start, end, t -> "1073741824"),
                        series("gone-7f8d9c-abcde", "x", start, end, t -> "1000"));
            }
            return matrix();
        };
        PrometheusBackfill.Result result = backfill(Duration.ofHours(2), Duration.ofHours(1)).run(sink);

        assertThat(result.chunks()).isEqualTo(2);
        List<UsageSample> samples = sink.values(topics.usageSamples(), UsageSample.class);
        long pointsPerSeries = Duration.ofHours(2).toSeconds() / STEP; // the window is [now - 2h, now)
        assertThat(samples).hasSize((int) (2 * pointsPerSeries));
        assertThat(samples).filteredOn(s -> s.pod().equals("web-5c8d7f9b6-zq4xk"))
                .as("a pod that is gone, attributed through kube-state-metrics' owner series")
                .allSatisfy(s -> {
                    assertThat(s.container().key()).isEqualTo("c1/shop/Deployment/web/app");
                    assertThat(s.cpuCores()).isEqualTo(0.25);
                    assertThat(s.memoryWorkingSetBytes()).isEqualTo(256L << 20);
                });
        assertThat(samples).filteredOn(s -> s.pod().equals("db-0")).first()
                .satisfies(s -> assertThat(s.container().key()).isEqualTo("c1/shop/StatefulSet/db/postgres"));
        assertThat(samples).filteredOn(s -> s.pod().equals("db-0")).extracting(UsageSample::timestamp)
                .as("chunks neither overlap nor leave gaps").doesNotHaveDuplicates()
                .contains(NOW.minus(Duration.ofHours(2)), NOW.minusSeconds(STEP));
        assertThat(result.unattributedPods()).isEqualTo(1);
        assertThat(progress).containsExactly(0.5, 1.0);
        assertThat(requests).filteredOn(r -> r.get("path").endsWith("query_range"))
                .allSatisfy(r -> assertThat(r.get("step")).isEqualTo("300"))
                .allSatisfy(r -> assertThat((Long.parseLong(r.get("end")) - Long.parseLong(r.get("start"))) / STEP)
                        .as("points per series per query").isLessThanOrEqualTo(PrometheusBackfill.MAX_POINTS_PER_SERIES));
    }

    @Test
    void turnsRestartIncreasesIntoContainerEventsTypedByKubeStateMetricsTerminationReason() {
        long oomAt = NOW.getEpochSecond() - 30 * 60;
        long crashAt = NOW.getEpochSecond() - 10 * 60;
        answer = params -> {
            String query = params.getOrDefault("query", "");
            if (params.get("path").endsWith("/query")) {
                return vector("");
            }
            long start = Long.parseLong(params.get("start"));
            long end = Long.parseLong(params.get("end"));
            if (query.contains("kube_pod_container_status_restarts_total")) {
                return matrix(series("db-0", "postgres", start, end,
                        t -> t >= crashAt ? "2" : t >= oomAt ? "1" : "0"));
            }
            if (query.contains("last_terminated_reason")) {
                return matrix(series("db-0", "postgres", start, end, t -> t >= oomAt && t < crashAt ? "1" : "0"));
            }
            if (query.contains("container_memory_working_set_bytes")) {
                return matrix(series("db-0", "postgres", start, end, t -> "4294967296"));
            }
            return matrix();
        };
        backfill(Duration.ofHours(1), Duration.ofHours(6)).run(sink);

        assertThat(sink.values(topics.containerEvents(), ContainerEvent.class))
                .extracting(ContainerEvent::type, ContainerEvent::timestamp, ContainerEvent::restartCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ContainerEvent.Type.OOM_KILLED, Instant.ofEpochSecond(oomAt), 1),
                        org.assertj.core.groups.Tuple.tuple(ContainerEvent.Type.RESTARTED, Instant.ofEpochSecond(crashAt), 2));
        assertThat(sink.values(topics.containerEvents(), ContainerEvent.class).get(0).memoryBytesAtEvent())
                .isEqualTo(4L << 30);
    }

    @Test
    void aChunkPrometheusKeepsFailingIsSkippedAndTheOthersStillLand() {
        int[] ranges = {0};
        answer = params -> {
            if (params.get("path").endsWith("/query")) {
                return vector("");
            }
            // the first chunk's first range query fails; the later chunks answer (with no series)
            return ranges[0]++ < 1
                    ? "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query timed out\"}"
                    : "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        };
        PrometheusBackfill.Result result = backfill(Duration.ofHours(3), Duration.ofHours(1)).run(sink);
        assertThat(result.chunks()).isEqualTo(3);
        assertThat(result.failedChunks()).isEqualTo(1);
    }

    @Test
    void anErrorAnswerOfPrometheusFailsWithItsMessage() {
        answer = params -> params.get("path").endsWith("/query") ? vector("")
                : "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"exceeded maximum resolution of 11,000 points per timeseries\"}";
        PrometheusBackfill backfill = backfill(Duration.ofHours(1), Duration.ofHours(1));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backfill.run(sink))
                .isInstanceOf(PrometheusClient.PrometheusException.class)
                .hasMessageContaining("exceeded maximum resolution");
    }

    private PrometheusBackfill backfill(Duration window, Duration chunk) {
        PodOwners live = new PodOwners() {
            @Override
            public Optional<WorkloadRef> ownerOf(String namespace, String pod) {
                return pod.equals("db-0") ? Optional.of(new WorkloadRef("c1", namespace, "StatefulSet", "db"))
                        : Optional.empty();
            }

            @Override
            public boolean workloadExists(String namespace, String kind, String name) {
                return Set.of("StatefulSet/db", "Deployment/web").contains(kind + "/" + name);
            }

            @Override
            public Optional<Workload> controllerOf(String namespace, String kind, String name) {
                return Optional.empty();
            }
        };
        PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(10));
        return new PrometheusBackfill("c1", client, live, topics,
                new PrometheusBackfill.Settings(window, Duration.ofSeconds(STEP), chunk),
                Clock.fixed(NOW, ZoneOffset.UTC), progress::add);
    }

    private static String series(String pod, String container, long start, long end, Function<Long, String> value) {
        StringBuilder values = new StringBuilder();
        for (long t = start; t <= end; t += STEP) {
            values.append(values.length() == 0 ? "" : ",").append('[').append(t).append(",\"").append(value.apply(t))
                    .append("\"]");
        }
        return "{\"metric\":{\"namespace\":\"shop\",\"pod\":\"" + pod + "\",\"container\":\"" + container
                + "\"},\"values\":[" + values + "]}";
    }

    private static String matrix(String... series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + String.join(",", series)
                + "]}}";
    }

    private static String vector(String series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series + "]}}";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
