package io.reclaimer.actions.support;

import com.slack.api.app_backend.SlackSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the Slack Web API methods Reclaimer uses ({@code auth.test}, {@code chat.postMessage},
 * {@code chat.update}, {@code chat.postEphemeral}, {@code usergroups.list}, and {@code apps.connections.open} with the
 * app-level token, answering the URL of a {@link FakeSlackSocket}) with Slack's JSON responses, and a
 * client that posts interaction payloads to {@code /slack/events} the way Slack does: form-encoded
 * {@code payload=...}, signed with the SDK's {@link SlackSignature.Generator}.
 */
public final class FakeSlack implements AutoCloseable {

    public static final String TOKEN = "xoxb-test-token";
    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String CHANNEL = "C0APPROVALS";
    public static final String APP_TOKEN = "xapp-1-A0RECLAIMER-test-app-token";

    /** One Web API call: method name and form parameters. */
    public record Call(String method, Map<String, String> params) {
    }

    private final HttpServer server;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ts = new AtomicInteger(100);
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile String groupsJson = "[]";
    private volatile String socketModeUrl;

    public FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/api/", this::handle);
        server.start();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** user groups as usergroups.list returns them: id, handle, member ids. */
    public void group(String id, String handle, String... users) {
        groupsJson = "[{\"id\":\"" + id + "\",\"team_id\":\"T1\",\"is_usergroup\":true,\"name\":\"" + handle
                + "\",\"handle\":\"" + handle + "\",\"users\":[" + String.join(",", java.util.Arrays.stream(users)
                .map(u -> "\"" + u + "\"").toList()) + "]}]";
    }

    /** The WebSocket URL {@code apps.connections.open} answers (Socket Mode). */
    public void socketModeUrl(String url) {
        socketModeUrl = url;
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            calls.add(new Call(method, params));
            String body;
            if (method.equals("apps.connections.open")) {
                // only an app-level token may open a Socket Mode connection, as at Slack
                body = !("Bearer " + APP_TOKEN).equals(auth) ? "{\"ok\":false,\"error\":\"invalid_auth\"}"
                        : socketModeUrl == null ? "{\"ok\":false,\"error\":\"internal_error\"}"
                        : "{\"ok\":true,\"url\":\"" + socketModeUrl + "\"}";
            } else if (method.equals("auth.test") && ("Bearer " + APP_TOKEN).equals(auth)) {
                // the SDK checks every token it uses with auth.test (for its metrics), the app-level token too
                body = "{\"ok\":true,\"url\":\"https://reclaimer-test.slack.com/\",\"team\":\"Test\","
                        + "\"team_id\":\"T1\",\"app_id\":\"A0RECLAIMER\",\"is_enterprise_install\":false}";
            } else if (!("Bearer " + TOKEN).equals(auth)) {
                body = "{\"ok\":false,\"error\":\"invalid_auth\"}";
            } else {
                body = switch (method) {
                    case "auth.test" -> "{\"ok\":true,\"url\":\"https://reclaimer-test.slack.com/\",\"team\":\"Test\","
                            + "\"user\":\"reclaimer\",\"team_id\":\"T1\",\"user_id\":\"U0BOT\",\"bot_id\":\"B0BOT\","
                            + "\"is_enterprise_install\":false}";
                    case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"1763600000.000"
                            + ts.incrementAndGet() + "\",\"message\":{\"type\":\"message\",\"text\":\"posted\"}}";
                    case "chat.update" -> "{\"ok\":true,\"channel\":\"" + params.get("channel") + "\",\"ts\":\""
                            + params.get("ts") + "\",\"text\":\"updated\"}";
                    case "chat.postEphemeral" -> "{\"ok\":true,\"message_ts\":\"1763600000.000999\"}";
                    case "usergroups.list" -> "{\"ok\":true,\"usergroups\":" + groupsJson + "}";
                    default -> "{\"ok\":false,\"error\":\"unknown_method\"}";
                };
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A block_actions payload as Slack sends it when {@code userId} clicks {@code actionId} on a message. */
    public static String clickPayload(String buttonActionId, String value, String userId, String userName) {
        return "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"reclaimer-test\"},"
                + "\"user\":{\"id\":\"" + userId + "\",\"username\":\"" + userName + "\",\"name\":\"" + userName
                + "\",\"team_id\":\"T1\"},\"api_app_id\":\"A0RECLAIMER\",\"token\":\"verification-token\","
                + "\"container\":{\"type\":\"message\",\"message_ts\":\"1763600000.000101\",\"channel_id\":\"" + CHANNEL
                + "\",\"is_ephemeral\":false},\"trigger_id\":\"13345224609.738474920.8088930838d88f008e0\","
                + "\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"reclaimer-approvals\"},"
                + "\"response_url\":\"https://hooks.slack.com/actions/T1/1/abc\",\"actions\":[{\"action_id\":\""
                + buttonActionId + "\",\"block_id\":\"reclaimer_actions\",\"text\":{\"type\":\"plain_text\",\"text\":\"Click\","
                + "\"emoji\":true},\"value\":\"" + value + "\",\"type\":\"button\",\"action_ts\":\"1763600010.123456\"}]}";
    }

    /** The form body Slack posts for an interaction. */
    public static String formBody(String payload) {
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    /** Posts {@code body} to the endpoint with the given timestamp and signature headers (null: header left out). */
    public HttpResponse<String> post(int port, String body, String timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) {
            request.header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, timestamp);
        }
        if (signature != null) {
            request.header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a click signed now with the right secret, as Slack would. */
    public HttpResponse<String> click(int port, String buttonActionId, String actionId, String userId, String userName)
            throws Exception {
        String body = formBody(clickPayload(buttonActionId, actionId, userId, userName));
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        return post(port, body, timestamp, new SlackSignature.Generator(SIGNING_SECRET).generate(timestamp, body));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            map.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
