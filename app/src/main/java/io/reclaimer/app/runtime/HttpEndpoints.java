package io.reclaimer.app.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.model.serde.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process's HTTP endpoint: {@code /metrics} (Prometheus text format, client_java's handler) and
 * {@code /healthz} (200 with the running services, 503 with what is wrong). Further endpoints can be added
 * with {@link #handle}. Every endpoint passes the {@link BearerTokenGuard} of {@code http.tokenFile} and
 * {@code http.openEndpoints}.
 */
public final class HttpEndpoints implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final BearerTokenGuard guard;

    private HttpEndpoints(HttpServer server, ExecutorService executor, BearerTokenGuard guard) {
        this.server = server;
        this.executor = executor;
        this.guard = guard;
    }

    public static HttpEndpoints start(HttpSettings settings, PrometheusRegistry registry, Services services) {
        BearerTokenGuard guard = new BearerTokenGuard(settings);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 32);
            // more threads than requests one client makes at a time: a thread forwarding a question to another
            // instance waits for it, and that instance may at the same moment be forwarding one here
            ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "http-endpoints");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/metrics", guard.guard("/metrics", new MetricsHandler(registry)));
            server.createContext("/healthz", guard.guard("/healthz", exchange -> health(exchange, services)));
            server.start();
            return new HttpEndpoints(server, executor, guard);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + " for /metrics and /healthz: " + e.getMessage()
                    + " (choose another port with --metrics-port or http.port)", e);
        }
    }

    /** Serves every request under {@code path} with {@code handler}. */
    public void handle(String path, HttpHandler handler) {
        server.createContext(path, guard.guard(path, handler));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, Services services) throws IOException {
        Map<String, String> problems = services.problems();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problems.isEmpty() ? "ok" : "unhealthy");
        body.put("services", services.names());
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        send(exchange, problems.isEmpty() ? 200 : 503, Json.mapper().writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
