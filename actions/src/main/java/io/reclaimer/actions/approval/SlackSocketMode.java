package io.reclaimer.actions.approval;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's clicks over Socket Mode: the service opens an outbound WebSocket to Slack (the URL comes from
 * {@code apps.connections.open}, called with the app-level token) and receives interactions as envelopes on it, so no
 * inbound port is needed. Bolt's {@link SocketModeApp} acknowledges each envelope with its {@code envelope_id} after the
 * same Bolt app as the HTTP endpoint ({@link SlackClicks}) handled it, and reconnects when the connection drops. There
 * is no request signature here: Slack authenticates the connection (TLS to Slack, opened with the app token) instead.
 */
final class SlackSocketMode implements SlackInteractions {

    private static final Logger LOG = LoggerFactory.getLogger(SlackSocketMode.class);

    private final SocketModeApp socketMode;

    private SlackSocketMode(SocketModeApp socketMode) {
        this.socketMode = socketMode;
    }

    /**
     * Connects; fails with a message naming the cause (never a token) when Slack refuses the bot token or the app
     * token, or the WebSocket cannot be opened.
     */
    public static SlackSocketMode start(SlackGateway gateway, String botToken, String appToken, ApprovalDesk desk) {
        String api = gateway.slack().getConfig().getMethodsEndpointUrlPrefix();
        App app = SlackClicks.app(gateway, botToken, null, desk);
        try {
            // builds Bolt's middleware, which calls auth.test with the bot token: a refused token fails here
            app.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Slack refused the bot token (auth.test at " + api + "): " + e.getMessage(), e);
        }
        SocketModeApp socketMode;
        try {
            socketMode = new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket);
            socketMode.startAsync();
        } catch (Exception e) {
            app.stop();
            throw new IllegalStateException("Slack Socket Mode could not connect (apps.connections.open at " + api
                    + " with the app-level token, then the WebSocket it names): " + cause(e), e);
        }
        LOG.info("Slack interactions over Socket Mode (outbound WebSocket, no inbound port)");
        return new SlackSocketMode(socketMode);
    }

    /** The innermost message: the SDK wraps the reason (e.g. {@code invalid_auth}) in a few layers. */
    private static String cause(Throwable e) {
        Throwable inner = e;
        while (inner.getCause() != null && inner.getCause() != inner) {
            inner = inner.getCause();
        }
        return inner == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + inner + ")";
    }

    @Override
    public String describe() {
        return "Slack interactions over Socket Mode (no inbound port)";
    }

    @Override
    public OptionalInt httpPort() {
        return OptionalInt.empty();
    }

    @Override
    public void close() {
        try {
            socketMode.close();
        } catch (Exception e) {
            LOG.debug("closing Socket Mode: {}", e.toString());
        }
    }
}
