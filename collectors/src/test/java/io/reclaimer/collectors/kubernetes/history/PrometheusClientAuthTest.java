package io.reclaimer.collectors.kubernetes.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backfill's Prometheus client behind authentication, TLS with a private CA, a shared multi-cluster store. */
class PrometheusClientAuthTest {

    private static final String EMPTY = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

    private HttpServer server;
    private final List<Headers> headers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();

    private URI start(HttpServer created) {
        server = created;
        server.createContext("/", this::answer);
        server.start();
        String scheme = created instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://localhost:" + server.getAddress().getPort() + "/");
    }

    private void answer(HttpExchange exchange) throws IOException {
        headers.add(exchange.getRequestHeaders());
        bodies.add(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
        boolean fail = failuresLeft.getAndDecrement() > 0;
        byte[] body = (fail ? "{\"status\":\"error\",\"error\":\"overloaded\"}" : EMPTY).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static PrometheusAccess access(Path token, String user, Path password, Map<String, String> extra,
                                           Path ca, String region, String label, int retries) {
        return new PrometheusAccess(token, user, password, extra, ca, region, label, retries, Duration.ofMillis(10));
    }

    @Test
    void sendsTheBearerTokenOfTheFileAndTheConfiguredHeaders(@TempDir Path dir) throws Exception {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        Path token = Files.writeString(dir.resolve("token"), "t0ken\n");
        new PrometheusClient(url, Duration.ofSeconds(10), access(token, null, null, Map.of("X-Scope-OrgID", "tenant-1"),
                null, null, null, 0), "prod-eu").query("up", Instant.now());
        assertThat(headers.get(0).getFirst("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(headers.get(0).getFirst("X-Scope-OrgID")).isEqualTo("tenant-1");
    }

    @Test
    void sendsBasicAuthWithThePasswordOfTheFile(@TempDir Path dir) throws Exception {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        Path password = Files.writeString(dir.resolve("password"), "s3cret");
        new PrometheusClient(url, Duration.ofSeconds(10), access(null, "reclaimer", password, null, null, null, null, 0),
                "prod-eu").query("up", Instant.now());
        assertThat(headers.get(0).getFirst("Authorization")).isEqualTo("Basic cmVjbGFpbWVyOnMzY3JldA==");
    }

    @Test
    void aSharedStoreIsQueriedForThisClusterOnly() throws Exception {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        PrometheusClient client = new PrometheusClient(url, Duration.ofSeconds(10),
                access(null, null, null, null, null, null, "cluster", 0), "prod-eu");
        client.queryRange(PrometheusBackfill.CPU, Instant.now().minusSeconds(600), Instant.now(), Duration.ofMinutes(5),
                s -> { });
        client.query(PrometheusBackfill.RESTARTS, Instant.now());
        assertThat(bodies.get(0)).contains("container_cpu_usage_seconds_total{cluster=\"prod-eu\",container!=\"\"");
        assertThat(bodies.get(1)).contains("(kube_pod_container_status_restarts_total{cluster=\"prod-eu\"})");
        assertThat(PrometheusClient.scope("sum by (namespace, pod, container) (x)", "cluster", "a"))
                .as("label lists are not series").isEqualTo("sum by (namespace, pod, container) (x)");
    }

    @Test
    void retriesA503WithBackoffAndGivesUpAfterTheConfiguredAttempts() throws Exception {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        failuresLeft.set(2);
        new PrometheusClient(url, Duration.ofSeconds(10), access(null, null, null, null, null, null, null, 3), "c")
                .query("up", Instant.now());
        assertThat(headers).hasSize(3);

        failuresLeft.set(5);
        PrometheusClient impatient = new PrometheusClient(url, Duration.ofSeconds(10),
                access(null, null, null, null, null, null, null, 1), "c");
        assertThatThrownBy(() -> impatient.query("up", Instant.now()))
                .isInstanceOf(PrometheusClient.PrometheusException.class).hasMessageContaining("HTTP 503");
    }

    @Test
    void signsWithSigV4ForAmazonManagedPrometheus() throws Exception {
        URI url = start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        try {
            new PrometheusClient(url, Duration.ofSeconds(10), access(null, null, null, null, null, "eu-west-1", null, 0),
                    "c").query("up", Instant.now());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        assertThat(headers.get(0).getFirst("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/aps/aws4_request", "SignedHeaders=", "Signature=");
        assertThat(headers.get(0).getFirst("X-Amz-Date")).isNotBlank();
    }

    @Test
    void trustsAPrivateCertificateAuthorityFromAPemBundle(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path pem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        URI url = start(https);

        assertThatThrownBy(() -> new PrometheusClient(url, Duration.ofSeconds(10), access(null, null, null, null, null,
                null, null, 0), "c").query("up", Instant.now())).as("the JVM's own trust store does not know it")
                .isInstanceOf(PrometheusClient.PrometheusException.class);
        new PrometheusClient(url, Duration.ofSeconds(10), access(null, null, null, null, pem, null, null, 0), "c")
                .query("up", Instant.now());
        assertThat(headers).hasSize(1);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
