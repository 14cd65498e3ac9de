package io.reclaimer.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.app.config.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may call the HTTP endpoints: the bearer token of http.tokenFile, per endpoint, on a real server. */
class HttpEndpointsAuthTest {

    private static final String TOKEN = "s3cr3t-token-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();

    private int get(HttpEndpoints endpoints, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"reclaimer\"");
        }
        return response.statusCode();
    }

    private static HttpEndpoints start(HttpSettings settings) {
        HttpEndpoints endpoints = HttpEndpoints.start(settings, new PrometheusRegistry(), new Services());
        endpoints.handle("/api/recommendations", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        return endpoints;
    }

    @Test
    void aProtectedEndpointAnswers401WithoutOrWithAWrongTokenAnd200WithTheRightOne(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        try (HttpEndpoints endpoints = start(new HttpSettings(0, "127.0.0.1", tokenFile, null))) {
            assertThat(get(endpoints, "/api/recommendations", null)).isEqualTo(401);
            assertThat(get(endpoints, "/api/recommendations", "Bearer wrong-token-0123456789")).isEqualTo(401);
            assertThat(get(endpoints, "/api/recommendations", "Basic " + TOKEN)).isEqualTo(401);
            assertThat(get(endpoints, "/api/recommendations", "Bearer " + TOKEN)).isEqualTo(200);
            // open by default, for Prometheus and probes
            assertThat(get(endpoints, "/metrics", null)).isEqualTo(200);
            assertThat(get(endpoints, "/healthz", null)).isEqualTo(200);
        }
    }

    @Test
    void withNoOpenEndpointsEvenMetricsNeedTheToken(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        try (HttpEndpoints endpoints = start(new HttpSettings(0, "127.0.0.1", tokenFile, List.of()))) {
            assertThat(get(endpoints, "/metrics", null)).isEqualTo(401);
            assertThat(get(endpoints, "/healthz", "Bearer nope-nope-nope-nope")).isEqualTo(401);
            assertThat(get(endpoints, "/metrics", "Bearer " + TOKEN)).isEqualTo(200);
        }
    }

    @Test
    void onANetworkAddressWithoutATokenFileProtectedEndpointsAnswerNobody() throws Exception {
        try (HttpEndpoints endpoints = start(new HttpSettings(0, "0.0.0.0", null, null))) {
            assertThat(get(endpoints, "/api/recommendations", null)).isEqualTo(401);
            assertThat(get(endpoints, "/api/recommendations", "Bearer anything-at-all-123")).isEqualTo(401);
            assertThat(get(endpoints, "/metrics", null)).isEqualTo(200);
        }
    }

    @Test
    void onLoopbackWithoutATokenFileEverythingAnswersThisMachine() throws Exception {
        try (HttpEndpoints endpoints = start(new HttpSettings(0, "127.0.0.1"))) {
            assertThat(get(endpoints, "/api/recommendations", null)).isEqualTo(200);
        }
    }
}
