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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public PrometheusClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
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
        StringBuilder form = new StringBuilder();
        params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        // POST with a form body: the API accepts it and long PromQL does not hit URL length limits
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + path)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                parse(body, response.statusCode(), params.get("query"), each);
            }
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + base + " failed for " + params.get("query") + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while querying Prometheus", e);
        }
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
