package io.reclaimer.collectors.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cluster's API server (fabric8's mock server in CRUD mode) that can go away and come back, and fail
 * reads for a while, as a control plane does during an upgrade or an etcd hiccup.
 *
 * <ul>
 * <li>{@link #stop()} shuts the endpoint the collector talks to down (every connection, watches included,
 * drops; new ones are refused); {@link #restart()} starts a new server process on the same port over the
 * same objects.</li>
 * <li>{@link #admin()} changes the objects at any time, also while the endpoint is down: it talks to a
 * second endpoint over the same state, as through another control-plane replica.</li>
 * <li>A restarted kube-apiserver rebuilds its watch cache from etcd's current revision, so a watch that
 * resumes from an older resourceVersion gets an ERROR event with a 410 Expired Status ("too old resource
 * version") and the informer relists. The CRUD mock ignores resourceVersion and would instead replay an
 * ADDED for every object that exists, never a DELETED for one removed meanwhile: {@link #restart()} and
 * {@link #breakWatches()} therefore expire every resourceVersion handed out so far, as the real server
 * would.</li>
 * <li>{@link #failReads(boolean)} answers every list and get on the collector's endpoint with a 500
 * Status, as the API server does when etcd does not answer.</li>
 * </ul>
 */
final class RestartableApiServer implements AutoCloseable {

    private static final String EXPIRED = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: %d (%d)\","
            + "\"reason\":\"Expired\",\"code\":410}}";
    private static final String UNAVAILABLE = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"etcdserver: request timed out\",\"code\":500}";

    private final KubernetesCrudDispatcher state = new KubernetesCrudDispatcher();
    private final Front front = new Front();
    private final KubernetesMockServer replica = server(state);
    private final KubernetesClient admin;
    private final int port;
    private KubernetesMockServer endpoint;
    private volatile long expiredBefore;
    private volatile boolean failReads;
    private final AtomicInteger expiredWatches = new AtomicInteger();
    private final AtomicInteger failedReads = new AtomicInteger();
    private final Set<WebSocket> openWatches = ConcurrentHashMap.newKeySet();

    RestartableApiServer() {
        replica.init();
        admin = client(replica.getPort());
        endpoint = server(front);
        endpoint.init();
        port = endpoint.getPort();
    }

    /** Changes the cluster's objects whether or not the collector's endpoint is up. */
    KubernetesClient admin() {
        return admin;
    }

    /**
     * A client of the endpoint that goes away, configured like the collector's own ({@code requestRetryBackoffLimit}
     * 2) but reconnecting watches after 100 ms instead of 1 s so a test takes seconds.
     */
    KubernetesClient newCollectorClient() {
        return client(port);
    }

    synchronized void stop() {
        endpoint.destroy();
        openWatches.clear();
    }

    /** A new server process on the same port over the same objects, with a fresh watch cache. */
    synchronized void restart() {
        expireResourceVersions();
        endpoint = server(front);
        endpoint.init(InetAddress.getLoopbackAddress(), port);
    }

    /** Closes every open watch from the server side and expires the resourceVersions they would resume from. */
    void breakWatches() {
        expireResourceVersions();
        for (WebSocket watch : openWatches) {
            watch.close(1000, "");
        }
    }

    void failReads(boolean fail) {
        failReads = fail;
    }

    int expiredWatches() {
        return expiredWatches.get();
    }

    int failedReads() {
        return failedReads.get();
    }

    @Override
    public synchronized void close() {
        admin.close();
        endpoint.destroy();
        replica.destroy();
    }

    private void expireResourceVersions() {
        // every version handed out before this one is gone from the new watch cache
        expiredBefore = state.requestResourceVersion();
    }

    private static KubernetesMockServer server(Dispatcher dispatcher) {
        return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    }

    private static KubernetesClient client(int port) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://localhost:" + port + "/")
                .withNamespace("test").withHttp2Disable(true).withRequestRetryBackoffLimit(2)
                .withRequestRetryBackoffInterval(50).withWatchReconnectInterval(100).withRequestTimeout(5_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The collector's endpoint: the shared state, with expired watch caches and failing reads on demand. */
    private final class Front extends Dispatcher {

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            boolean watch = path.contains("watch=true");
            if (watch) {
                long resourceVersion = resourceVersion(path);
                if (resourceVersion >= 0 && resourceVersion < expiredBefore) {
                    expiredWatches.incrementAndGet();
                    return new MockResponse().withWebSocketUpgrade(new Expired(resourceVersion, expiredBefore));
                }
            } else if (failReads && request.method() == HttpMethod.GET) {
                failedReads.incrementAndGet();
                return new MockResponse().setResponseCode(500).setBody(UNAVAILABLE);
            }
            MockResponse response = state.dispatch(request);
            if (watch && response.getWebSocketListener() != null) {
                response.withWebSocketUpgrade(new Tracked(response.getWebSocketListener()));
            }
            return response;
        }

        private static long resourceVersion(String path) {
            for (String param : path.substring(path.indexOf('?') + 1).split("&")) {
                if (param.startsWith("resourceVersion=") && param.length() > "resourceVersion=".length()) {
                    return Long.parseLong(param.substring("resourceVersion=".length()));
                }
            }
            return -1;
        }
    }

    /** What the API server streams for a watch from a resourceVersion its cache no longer holds. */
    private static final class Expired extends WebSocketListener {

        private final long requested;
        private final long oldest;

        Expired(long requested, long oldest) {
            this.requested = requested;
            this.oldest = oldest;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            webSocket.send(EXPIRED.formatted(requested, oldest));
            webSocket.close(1000, "");
        }
    }

    /** The CRUD dispatcher's watch, remembered while open so that {@link #breakWatches()} can close it. */
    private final class Tracked extends WebSocketListener {

        private final WebSocketListener watch;

        Tracked(WebSocketListener watch) {
            this.watch = watch;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            watch.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            openWatches.add(webSocket);
            watch.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            watch.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            watch.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            watch.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            openWatches.remove(webSocket);
            watch.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            openWatches.remove(webSocket);
            watch.onFailure(webSocket, error, response);
        }
    }
}
