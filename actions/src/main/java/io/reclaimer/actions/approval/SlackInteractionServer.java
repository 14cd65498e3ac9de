package io.reclaimer.actions.approval;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reclaimer.actions.metrics.ActionMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactions endpoint, {@code POST /slack/events}: Bolt's {@link App} behind the JDK HTTP server
 * (the same adapter Bolt's servlet and Jetty modules implement: parse with {@link SlackRequestParser}, run
 * the app, write its {@link Response}). Bolt's request verification checks the signature (HMAC-SHA256 over
 * {@code v0:timestamp:body} with the signing secret) and refuses timestamps older than five minutes with
 * 401; on top of it a replay guard answers 401 to a signature already seen in those five minutes, so a
 * captured click cannot be played again. Bolt also calls {@code auth.test} with the bot token at start-up.
 */
final class SlackInteractionServer implements SlackInteractions {

    public static final String PATH = "/slack/events";
    /** Slack's payloads are a few kilobytes; anything above this is refused before it is read. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How much of an oversized body is read and thrown away before answering 413; beyond it the connection closes. */
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SlackInteractionServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final App app;

    private SlackInteractionServer(HttpServer server, ExecutorService executor, App app) {
        this.server = server;
        this.executor = executor;
        this.app = app;
    }

    public static SlackInteractionServer start(String bindAddress, int port, SlackGateway gateway, String botToken,
                                               String signingSecret, ApprovalDesk desk, ActionMetrics metrics,
                                               Clock clock) {
        App app = SlackClicks.app(gateway, botToken, signingSecret, desk);
        try {
            // building Bolt's middleware calls auth.test with the token: a refused token fails here
            app.use(new ReplayGuard(clock));
            app.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Slack refused the bot token (auth.test at " + gateway.slack().getConfig()
                    .getMethodsEndpointUrlPrefix() + "): " + e.getMessage(), e);
        }
        SlackRequestParser parser = new SlackRequestParser(app.config());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + bindAddress + ":" + port + " for " + PATH + ": "
                    + e.getMessage() + " (choose another port with --slack-port or actions.slack.port)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "slack-interactions");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        SlackSignature.Verifier verifier = new SlackSignature.Verifier(new SlackSignature.Generator(signingSecret));
        server.createContext(PATH, exchange -> serve(exchange, parser, app, metrics, verifier));
        server.start();
        LOG.info("Slack interactions endpoint on http://{}:{}{}", bindAddress, server.getAddress().getPort(), PATH);
        return new SlackInteractionServer(server, executor, app);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public OptionalInt httpPort() {
        return OptionalInt.of(port());
    }

    @Override
    public String describe() {
        return "Slack interactions on http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + PATH;
    }

    private static void serve(HttpExchange exchange, SlackRequestParser parser, App app, ActionMetrics metrics,
                              SlackSignature.Verifier verifier) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                write(exchange, plain(405, "POST only"));
                return;
            }
            byte[] bytes = boundedBody(exchange);
            if (bytes == null) {
                metrics.interaction("too_large");
                write(exchange, plain(413, "a Slack interaction is at most " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            String body = new String(bytes, StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            String timestamp = headers.getFirst(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
            String signature = headers.getFirst(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
            // the signature first, before anything reads the body: a tampered body is a 401, whatever it contains
            if (timestamp == null || signature == null || !verifier.isValid(timestamp, body, signature)) {
                metrics.interaction("rejected_signature");
                write(exchange, plain(401, "invalid signature"));
                return;
            }
            Response response;
            try {
                Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                        .requestUri(exchange.getRequestURI().getPath())
                        .queryString(QueryStringParser.toMap(exchange.getRequestURI().getRawQuery()))
                        .headers(new RequestHeaders(headers))
                        .requestBody(body)
                        .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                        .build());
                response = request == null ? plain(400, "not a Slack request") : app.run(request);
            } catch (RuntimeException e) {
                // signed by Slack's secret yet unreadable: answered, never a dropped connection
                LOG.warn("refused a malformed Slack request: {}", e.toString());
                response = plain(400, "malformed Slack request");
            } catch (Exception e) {
                LOG.error("Bolt failed on a Slack request: {}", e.toString(), e);
                response = plain(500, "error");
            }
            if (response.getStatusCode() != null && response.getStatusCode() == 401) {
                metrics.interaction("rejected_signature");
            }
            write(exchange, response);
        }
    }

    /**
     * The body, read only while it stays within {@link #MAX_BODY_BYTES}; null when it is larger. A larger body is
     * discarded as it arrives (up to {@link #MAX_DRAIN_BYTES}, never held in memory) so the client reads the 413
     * instead of a reset connection.
     */
    private static byte[] boundedBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null) {
                long length;
                try {
                    length = Long.parseLong(declared.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
                if (length > MAX_BODY_BYTES) {
                    discard(in);
                    return null;
                }
            }
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                discard(in);
                return null;
            }
            return bytes;
        }
    }

    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < MAX_DRAIN_BYTES && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }

    private static Response plain(int status, String text) {
        return Response.builder().statusCode(status).contentType("text/plain").body(text).build();
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        int status = response.getStatusCode() == null ? 200 : response.getStatusCode();
        byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        if (response.getContentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.getContentType());
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, List.copyOf(values)));
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Runs after Bolt's signature check: a signature seen before within the timestamp window is a replay.
     * Slack signs every delivery afresh (new timestamp), so a legitimate request never repeats one.
     */
    static final class ReplayGuard implements Middleware {

        private static final Duration WINDOW = Duration.ofMinutes(5);

        private final Clock clock;
        private final Map<String, Instant> seen = new ConcurrentHashMap<>();

        ReplayGuard(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Response apply(Request req, Response resp, com.slack.api.bolt.middleware.MiddlewareChain chain)
                throws Exception {
            String signature = req.getHeaders().getFirstValue(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
            if (signature == null || req.isSocketMode()) {
                return chain.next(req);
            }
            Instant now = clock.instant();
            for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue().isBefore(now.minus(WINDOW))) {
                    it.remove();
                }
            }
            if (seen.putIfAbsent(signature, now) != null) {
                LOG.warn("refused a replayed Slack request (signature seen before)");
                return Response.json(401, "{\"error\":\"replayed request\"}");
            }
            return chain.next(req);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping Bolt: {}", e.toString());
        }
    }
}
