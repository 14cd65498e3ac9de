package io.reclaimer.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Prometheus process on loopback with its TSDB in a temp directory, scraping the given targets
 * every second and evaluating the given rule files; queried through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static PrometheusServer start(Path binary, Path workDir, List<String> targets, List<Path> ruleFiles) throws IOException {
        return start(binary, workDir, targets, ruleFiles, false);
    }

    /**
     * With {@code honorLabels}, the scraped series keep their own {@code instance} label (OpenCost's series use it for
     * the node, and OpenCost's documented scrape job sets {@code honor_labels: true}).
     */
    static PrometheusServer start(Path binary, Path workDir, List<String> targets, List<Path> ruleFiles,
                                  boolean honorLabels) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                """);
        for (Path rules : ruleFiles) {
            config.append("  - ").append(rules.toAbsolutePath()).append('\n');
        }
        config.append("""
                scrape_configs:
                  - job_name: reclaimer-streams
                    honor_labels: %s
                    static_configs:
                      - targets: [%s]
                """.formatted(honorLabels, String.join(", ", targets.stream().map(t -> "\"" + t + "\"").toList())));
        Path configFile = workDir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            // Prometheus answers its first query a few seconds after start (TSDB, rule manager)
            Awaitility.await("Prometheus ready").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("prometheus exited: " + Files.readString(log));
                        }
                        return server.get("/-/ready").statusCode() == 200;
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code data} of an instant query; fails on a query error (a typo in an expression shows here). */
    JsonNode query(String expr) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed: " + expr + " → " + response.body());
        }
        return body.path("data");
    }

    JsonNode rules() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/rules").body()).path("data");
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
