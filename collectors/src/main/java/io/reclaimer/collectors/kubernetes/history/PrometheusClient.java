package io.reclaimer.collectors.kubernetes.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two calls of the Prometheus HTTP API the backfill needs, {@code /api/v1/query_range} and
 * {@code /api/v1/query}. Responses are read as a stream, one series at a time, so a chunk of ten thousand
 * series never sits in memory as one JSON tree.
 */
public final class PrometheusClient {

    /** One series: its labels and its points (Unix seconds, value); non-finite values are dropped. */
    public record Series(Map<String, String> labels, double[] timestamps, double[] values) {
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /** The API said no (bad query, too many points, timeout) or could not be reached. */
    public static final class PrometheusException extends RuntimeException {
        public PrometheusException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final PrometheusAccess access;
    private final String cluster;
    private final PrometheusSigner signer;

    public PrometheusClient(URI base, Duration timeout) {
        this(base, timeout, PrometheusAccess.OPEN, "");
    }

    /** {@code cluster}: the id a shared Prometheus knows this cluster by, under {@code access.clusterLabel()}. */
    public PrometheusClient(URI base, Duration timeout, PrometheusAccess access, String cluster) {
        this.base = base;
        this.timeout = timeout;
        this.access = access;
        this.cluster = cluster;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (access.caFile() != null) {
            builder.sslContext(PrometheusSigner.trusting(access.caFile()));
        }
        this.http = builder.build();
        this.signer = access.sigv4Region().isEmpty() ? null : new PrometheusSigner(access.sigv4Region());
    }

    public void queryRange(String query, Instant start, Instant end, Duration step, Consumer<Series> each) {
        call("/api/v1/query_range", Map.of("query", query, "start", seconds(start), "end", seconds(end),
                "step", Long.toString(step.toSeconds())), each);
    }

    public List<Series> query(String query, Instant time) {
        List<Series> result = new ArrayList<>();
        call("/api/v1/query", Map.of("query", query, "time", seconds(time)), result::add);
        return result;
    }

    private void call(String path, Map<String, String> params, Consumer<Series> each) {
        Map<String, String> scoped = new java.util.LinkedHashMap<>(params);
        scoped.computeIfPresent("query", (k, query) -> scope(query, access.clusterLabel(), cluster));
        StringBuilder form = new StringBuilder();
        scoped.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        URI uri = URI.create(root + path);
        String query = scoped.get("query");
        int[] delivered = {0};
        Consumer<Series> counting = series -> {
            delivered[0]++;
            each.accept(series);
        };
        for (int attempt = 0; ; attempt++) {
            try {
                // POST with a form body: the API accepts it and long PromQL does not hit URL length limits
                HttpResponse<InputStream> response = http.send(request(uri, form.toString()),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if ((status == 429 || status >= 500) && attempt < access.retries()) {
                    response.body().close();
                    LOG.warn("Prometheus at {} answered HTTP {} for {}; retry {} of {}", base, status, query,
                            attempt + 1, access.retries());
                    pause(attempt);
                    continue;
                }
                try (InputStream body = response.body()) {
                    parse(body, status, query, counting);
                }
                return;
            } catch (IOException e) {
                // a failure once series were handed over cannot be retried without handing them over twice
                if (delivered[0] == 0 && attempt < access.retries()) {
                    LOG.warn("Prometheus at {} failed for {} ({}); retry {} of {}", base, query, e, attempt + 1,
                            access.retries());
                    try {
                        pause(attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new PrometheusException("interrupted while querying Prometheus", interrupted);
                    }
                    continue;
                }
                throw new PrometheusException("Prometheus at " + base + " failed for " + query + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PrometheusException("interrupted while querying Prometheus", e);
            }
        }
    }

    private void pause(int attempt) throws InterruptedException {
        Thread.sleep(access.retryBackoff().toMillis() << Math.min(attempt, 10));
    }

    private HttpRequest request(URI uri, String form) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        access.headers().forEach(request::header);
        if (access.bearerTokenFile() != null) {
            request.header("Authorization", "Bearer " + Files.readString(access.bearerTokenFile()).trim());
        } else if (!access.username().isEmpty()) {
            String credentials = access.username() + ":" + Files.readString(access.passwordFile()).trim();
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (signer != null) {
            signer.sign(uri, form).forEach(request::header);
        }
        return request.build();
    }

    /** The names of the series the backfill reads, each given the cluster's label matcher when one is set. */
    private static final java.util.regex.Pattern METRICS = java.util.regex.Pattern.compile(
            "\\b(container_cpu_usage_seconds_total|container_memory_working_set_bytes|kube_pod_container_status_"
                    + "restarts_total|kube_pod_container_status_last_terminated_reason|kube_pod_owner|kube_replicaset_owner"
                    + "|kube_job_owner)(\\{)?");

    /** {@code query} selecting only {@code label="cluster"} on every series it reads (unchanged without a label). */
    static String scope(String query, String label, String cluster) {
        if (label.isEmpty()) {
            return query;
        }
        String matcher = label + "=\"" + cluster.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        java.util.regex.Matcher m = METRICS.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(2) != null ? m.group(1) + "{" + matcher + "," : m.group(1) + "{" + matcher + "}";
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void parse(InputStream body, int status, String query, Consumer<Series> each) throws IOException {
        String state = null;
        String error = null;
        try (JsonParser parser = JSON.createParser(body)) {
            parser.setCodec(MAPPER);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PrometheusException("Prometheus answered HTTP " + status + " without a JSON object for "
                        + query, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "status" -> state = parser.getText();
                    case "error" -> error = parser.getText();
                    case "data" -> readData(parser, each);
                    default -> parser.skipChildren();
                }
            }
        }
        if (status != 200 || !"success".equals(state)) {
            throw new PrometheusException("Prometheus refused " + query + ": HTTP " + status
                    + (error == null ? "" : ", " + error), null);
        }
    }

    private static void readData(JsonParser parser, Consumer<Series> each) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("result") && token == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    each.accept(series(parser.readValueAsTree()));
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static Series series(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("metric").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            labels.put(label.getKey(), label.getValue().asText());
        }
        List<JsonNode> points = new ArrayList<>();
        if (node.has("values")) {
            node.get("values").forEach(points::add);
        } else if (node.has("value")) {
            points.add(node.get("value"));
        }
        double[] timestamps = new double[points.size()];
        double[] values = new double[points.size()];
        int n = 0;
        for (JsonNode point : points) {
            double value = parseValue(point.get(1).asText());
            if (Double.isFinite(value)) {
                timestamps[n] = point.get(0).asDouble();
                values[n++] = value;
            }
        }
        return new Series(labels, java.util.Arrays.copyOf(timestamps, n), java.util.Arrays.copyOf(values, n));
    }

    /** Prometheus writes special values as {@code NaN}, {@code +Inf}, {@code -Inf}. */
    private static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String seconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }
}
