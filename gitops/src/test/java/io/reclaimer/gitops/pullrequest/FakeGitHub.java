package io.reclaimer.gitops.pullrequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server answering the GitHub REST API calls a pull request needs, with bodies in GitHub's documented
 * response format ({@code src/test/resources/github}): get a repository, list pull requests by head, create a
 * pull request, get a pull request. Records every request.
 */
public final class FakeGitHub implements AutoCloseable {

    public record Request(String method, String path, String query, String body, String authorization) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String pullState;     // null: no pull request yet; open, closed
    private volatile boolean merged;
    private volatile String title = "";
    private volatile String branch = "";
    private volatile String body = "";

    public FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public String pullRequestBody() {
        return body;
    }

    /** The reviewer merges (or closes) the pull request. */
    public void close(boolean merge) {
        pullState = "closed";
        merged = merge;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(method, path, query, requestBody, exchange.getRequestHeaders().getFirst("Authorization")));
        if (method.equals("GET") && path.equals("/repos/acme/shop-deploy")) {
            answer(exchange, 200, resource("repository.json"));
        } else if (method.equals("GET") && path.equals("/repos/acme/shop-deploy/pulls")) {
            answer(exchange, 200, pullState == null ? "[]" : "[" + pull() + "]");
        } else if (method.equals("POST") && path.equals("/repos/acme/shop-deploy/pulls")) {
            JsonNode created = JSON.readTree(requestBody);
            title = created.path("title").asText();
            branch = created.path("head").asText();
            body = created.path("body").asText();
            pullState = "open";
            answer(exchange, 201, pull());
        } else if (method.equals("GET") && path.equals("/repos/acme/shop-deploy/pulls/7") && pullState != null) {
            answer(exchange, 200, pull());
        } else {
            answer(exchange, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\","
                    + "\"status\":\"404\"}");
        }
    }

    private String pull() {
        return resource("pull.json").replace("${state}", pullState).replace("${title}", title.replace("\"", "\\\""))
                .replace("${branch}", branch).replace("${merged}", Boolean.toString(merged))
                .replace("${merged_at}", merged ? "\"2026-11-27T10:00:00Z\"" : "null");
    }

    private static String resource(String name) {
        try (InputStream in = FakeGitHub.class.getResourceAsStream("/github/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().add("X-GitHub-Media-Type", "github.v3; format=json");
        exchange.getResponseHeaders().add("X-RateLimit-Limit", "5000");
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", "4999");
        exchange.getResponseHeaders().add("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 3600));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
