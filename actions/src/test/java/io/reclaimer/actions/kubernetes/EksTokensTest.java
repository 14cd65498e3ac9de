package io.reclaimer.actions.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.support.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * EKS tokens as {@code aws eks get-token} makes them, checked against a local server that answers and verifies
 * like STS, and used by the actions service's Kubernetes client against an API server that authenticates the
 * way EKS does (it hands the token's URL, with the cluster header, to STS).
 */
class EksTokensTest {

    private static final String REGION = "eu-west-1";
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final StaticCredentialsProvider HUB = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET));

    private final MutableClock clock = new MutableClock(Instant.now());
    private final HttpClient http = HttpClient.newHttpClient();
    private StsServer sts;

    @BeforeEach
    void startSts() throws IOException {
        sts = new StsServer(clock, REGION).user(ACCESS_KEY, SECRET, "arn:aws:iam::111122223333:role/reclaimer-hub");
    }

    @AfterEach
    void stopSts() {
        sts.close();
    }

    private ActionsConfig.EksCluster cluster(String name, URI endpoint, String roleArn) {
        return new ActionsConfig.EksCluster("prod-eu", name, REGION, endpoint, null, roleArn, sts.endpoint());
    }

    private static URI url(String token) {
        assertThat(token).startsWith("k8s-aws-v1.").doesNotContain("=", "+", "/");
        return URI.create(new String(Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())),
                StandardCharsets.UTF_8));
    }

    /** What EKS's authenticator does with a token: GET the URL with the cluster header; STS's answer decides. */
    private HttpResponse<String> present(String token, String clusterName) throws Exception {
        return http.send(HttpRequest.newBuilder(url(token)).header("x-k8s-aws-id", clusterName).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenIsAPresignedGetCallerIdentityForTheClusterInUnpaddedBase64Url() {
        String token = new EksTokens(cluster("prod-eu-west-1", URI.create("https://eks.example"), ""), HUB, clock).getToken();

        URI url = url(token);
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getQuery()).contains("Action=GetCallerIdentity", "Version=2011-06-15",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Expires=60", "X-Amz-SignedHeaders=host;x-k8s-aws-id",
                "X-Amz-Credential=" + ACCESS_KEY + "/", "/" + REGION + "/sts/aws4_request", "X-Amz-Signature=");
    }

    @Test
    void stsAcceptsTheTokenForTheClusterItNamesAndRefusesItForAnother() throws Exception {
        String token = new EksTokens(cluster("prod-eu-west-1", URI.create("https://eks.example"), ""), HUB, clock).getToken();

        HttpResponse<String> accepted = present(token, "prod-eu-west-1");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("<Arn>arn:aws:iam::111122223333:role/reclaimer-hub</Arn>");

        HttpResponse<String> otherCluster = present(token, "prod-us-east-1");
        assertThat(otherCluster.statusCode()).isEqualTo(403);
        assertThat(otherCluster.body()).contains("SignatureDoesNotMatch");
    }

    @Test
    void aTokenIsReusedForTenMinutesAndReplacedBeforeEksStopsAcceptingIt() throws Exception {
        EksTokens tokens = new EksTokens(cluster("prod-eu-west-1", URI.create("https://eks.example"), ""), HUB, clock);
        String first = tokens.getToken();

        clock.advance(Duration.ofMinutes(9));
        assertThat(tokens.getToken()).isEqualTo(first);
        clock.advance(Duration.ofMinutes(1));
        String second = tokens.getToken();
        assertThat(second).isNotEqualTo(first);

        clock.advance(Duration.ofMinutes(6));
        assertThat(present(first, "prod-eu-west-1").body()).as("16 minutes old").contains("ExpiredToken");
        assertThat(present(second, "prod-eu-west-1").statusCode()).as("6 minutes old").isEqualTo(200);
    }

    @Test
    void aConfiguredRoleIsAssumedAndTheTokenCarriesItsIdentity() throws Exception {
        ActionsConfig.EksCluster cluster = cluster("prod-eu-west-1", URI.create("https://eks.example"),
                "arn:aws:iam::444455556666:role/reclaimer-executor");
        String token = new EksTokens(cluster, KubeconfigClusters.credentials(cluster, HUB), clock).getToken();

        assertThat(sts.assumedRoles()).containsExactly("arn:aws:iam::444455556666:role/reclaimer-executor");
        assertThat(url(token).getQuery()).contains("X-Amz-Security-Token=");
        HttpResponse<String> accepted = present(token, "prod-eu-west-1");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("assumed-role/reclaimer-executor/reclaimer-actions");
    }

    @Test
    void theActionsServicesKubernetesClientAuthenticatesToAnEksApiServerWithTheToken() throws Exception {
        List<String> authenticated = new CopyOnWriteArrayList<>();
        HttpServer apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        apiServer.createContext("/", exchange -> {
            try (exchange) {
                String header = exchange.getRequestHeaders().getFirst("Authorization");
                int status;
                String body;
                try {
                    HttpResponse<String> identity = header == null ? null : present(header.substring("Bearer ".length()), "prod-eu-west-1");
                    if (identity != null && identity.statusCode() == 200) {
                        authenticated.add(identity.body());
                        status = 200;
                        body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}";
                    } else {
                        status = 401;
                        body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Unauthorized\",\"code\":401}";
                    }
                } catch (Exception e) {
                    status = 500;
                    body = e.toString();
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        apiServer.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + apiServer.getAddress().getPort());
            ActionsConfig.Kubernetes settings = new ActionsConfig.Kubernetes(null, Map.of(), "",
                    List.of(cluster("prod-eu-west-1", endpoint, "")));
            try (KubeconfigClusters clusters = new KubeconfigClusters(settings, c -> HUB, clock)) {
                Namespace shop = clusters.client("prod-eu").namespaces().withName("shop").get();

                assertThat(shop.getMetadata().getName()).isEqualTo("shop");
                assertThat(authenticated).singleElement().asString().contains("reclaimer-hub");
            }
        } finally {
            apiServer.stop(0);
        }
    }
}
