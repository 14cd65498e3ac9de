package io.reclaimer.app.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.reclaimer.app.config.HttpSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may call an endpoint: anyone for {@code http.openEndpoints}; for the others the bearer token of
 * {@code http.tokenFile}, compared in constant time. Without a token file, an endpoint bound to loopback answers
 * this machine only and is open; one bound to any other address answers 401, because data nobody guards is
 * served to the whole network. Answers are 401 with {@code WWW-Authenticate: Bearer}, never a dropped connection.
 */
final class BearerTokenGuard {

    private final HttpSettings settings;
    private final Optional<byte[]> token;

    BearerTokenGuard(HttpSettings settings) {
        this.settings = settings;
        this.token = settings.token().map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    HttpHandler guard(String path, HttpHandler handler) {
        if (settings.openEndpoints().contains(path) || (token.isEmpty() && settings.loopback())) {
            return handler;
        }
        return exchange -> {
            String refusal = refusal(exchange.getRequestHeaders().getFirst("Authorization"));
            if (refusal == null) {
                handler.handle(exchange);
                return;
            }
            try (exchange) {
                exchange.getRequestBody().close();
                byte[] body = ("{\"status\":401,\"error\":\"" + refusal + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"reclaimer\"");
                exchange.sendResponseHeaders(401, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        };
    }

    /** Why a request with this Authorization header is refused, or null. */
    private String refusal(String authorization) throws IOException {
        if (token.isEmpty()) {
            return "this endpoint needs http.tokenFile to be served on " + settings.bindAddress();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "a bearer token is required";
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.get()) ? null : "wrong bearer token";
    }
}
