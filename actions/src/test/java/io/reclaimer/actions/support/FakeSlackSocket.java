package io.reclaimer.actions.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local Socket Mode endpoint speaking Slack's envelope format: a client that connects gets a {@code hello}, then
 * receives whatever {@link #interactive(String)} sends ({@code {"envelope_id":...,"type":"interactive","payload":...}})
 * and must acknowledge each envelope by sending back {@code {"envelope_id":...}}, which is recorded.
 */
public final class FakeSlackSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> acks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch started = new CountDownLatch(1);
    private final Server server;

    public FakeSlackSocket() throws InterruptedException {
        server = new Server();
        server.setReuseAddr(true);
        server.start();
        if (!started.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the local Socket Mode server did not start within 2 minutes");
        }
    }

    /** What {@code apps.connections.open} answers, as Slack does: a URL with a ticket. */
    public String url() {
        return "ws://127.0.0.1:" + server.getPort() + "/link/?ticket=" + UUID.randomUUID() + "&app_id=A0RECLAIMER";
    }

    public int connections() {
        return server.getConnections().size();
    }

    /** Paths the clients connected to. */
    public List<String> paths() {
        synchronized (paths) {
            return List.copyOf(paths);
        }
    }

    /** Sends an {@code interactive} envelope carrying {@code payloadJson} to every connection; answers its id. */
    public String interactive(String payloadJson) {
        String envelopeId = UUID.randomUUID().toString();
        server.broadcast("{\"envelope_id\":\"" + envelopeId + "\",\"payload\":" + payloadJson
                + ",\"type\":\"interactive\",\"accepts_response_payload\":false,\"retry_attempt\":0,\"retry_reason\":\"\"}");
        return envelopeId;
    }

    /** The envelope ids the client acknowledged, in order. */
    public List<String> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    /** Every message the client sent, verbatim. */
    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        try {
            server.stop(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            paths.add(handshake.getResourceDescriptor());
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"applink-test\","
                    + "\"build_number\":1,\"approximate_connection_time\":18060},"
                    + "\"connection_info\":{\"app_id\":\"A0RECLAIMER\"}}");
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
            try {
                JsonNode node = JSON.readTree(message);
                if (node.hasNonNull("envelope_id")) {
                    acks.add(node.get("envelope_id").asText());
                }
            } catch (Exception e) {
                // not JSON: kept in received, never an ack
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
