package io.reclaimer.actions.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * A local server answering STS's {@code GetCallerIdentity} in STS's own formats (the XML response, the
 * {@code ErrorResponse} with {@code SignatureDoesNotMatch} or {@code ExpiredToken}), checking presigned requests
 * the way STS does: the access key must be one it knows, the signature must be the SigV4 signature of the
 * request as received (recomputed with the SDK's signer from the known secret), and, as EKS requires, the
 * signing time must be less than 15 minutes before now. It also answers {@code AssumeRole} with temporary
 * credentials, which it then accepts.
 */
final class StsServer implements AutoCloseable {

    static final String ACCOUNT = "111122223333";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final Clock clock;
    private final String region;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> arns = new LinkedHashMap<>();
    private final List<String> assumed = new java.util.concurrent.CopyOnWriteArrayList<>();

    StsServer(Clock clock, String region) throws IOException {
        this.clock = clock;
        this.region = region;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    StsServer user(String accessKey, String secretKey, String arn) {
        secrets.put(accessKey, secretKey);
        arns.put(accessKey, arn);
        return this;
    }

    List<String> assumedRoles() {
        return assumed;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = params(exchange.getRequestURI().getRawQuery());
            if ("POST".equals(exchange.getRequestMethod())) {
                query.putAll(params(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            }
            String action = query.getOrDefault("Action", "");
            if (action.equals("AssumeRole")) {
                assumeRole(exchange, query);
            } else if (action.equals("GetCallerIdentity")) {
                callerIdentity(exchange, query);
            } else {
                error(exchange, 400, "InvalidAction", "Could not find operation " + action);
            }
        }
    }

    private void callerIdentity(HttpExchange exchange, Map<String, String> query) throws IOException {
        String credential = query.getOrDefault("X-Amz-Credential", "");
        String accessKey = credential.contains("/") ? credential.substring(0, credential.indexOf('/')) : "";
        if (!secrets.containsKey(accessKey)) {
            error(exchange, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            return;
        }
        Instant signedAt = AMZ_DATE.parse(query.getOrDefault("X-Amz-Date", "19700101T000000Z"), Instant::from);
        if (!clock.instant().isBefore(signedAt.plus(Duration.ofMinutes(15)))) {
            error(exchange, 403, "ExpiredToken", "The security token included in the request is expired");
            return;
        }
        if (!query.getOrDefault("X-Amz-Signature", "").equals(expectedSignature(exchange, query, secrets.get(accessKey), signedAt))) {
            error(exchange, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method.");
            return;
        }
        respond(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Arn>" + arns.get(accessKey) + "</Arn><UserId>" + accessKey + "</UserId>"
                + "<Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>");
    }

    /** The SigV4 query signature of the request as received, computed by the SDK's signer from the known secret. */
    private String expectedSignature(HttpExchange exchange, Map<String, String> query, String secret, Instant signedAt) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(endpoint() + exchange.getRequestURI().getRawPath()));
        query.forEach((k, v) -> {
            if (!k.startsWith("X-Amz-")) {
                request.putRawQueryParameter(k, v);
            }
        });
        for (String header : query.getOrDefault("X-Amz-SignedHeaders", "").split(";")) {
            if (!header.equals("host") && exchange.getRequestHeaders().getFirst(header) != null) {
                request.putHeader(header, exchange.getRequestHeaders().getFirst(header));
            }
        }
        String accessKey = query.get("X-Amz-Credential").substring(0, query.get("X-Amz-Credential").indexOf('/'));
        var identity = query.containsKey("X-Amz-Security-Token")
                ? software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(accessKey, secret, query.get("X-Amz-Security-Token"))
                : AwsBasicCredentials.create(accessKey, secret);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(Long.parseLong(query.getOrDefault("X-Amz-Expires", "60"))))
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))).request();
        return signed.firstMatchingRawQueryParameter("X-Amz-Signature").orElse("");
    }

    private void assumeRole(HttpExchange exchange, Map<String, String> query) throws IOException {
        String role = query.getOrDefault("RoleArn", "");
        assumed.add(role);
        String accessKey = "ASIA" + Integer.toHexString(role.hashCode()).toUpperCase();
        String secret = "assumed-secret-" + role.hashCode();
        user(accessKey, secret, role.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/"
                + query.getOrDefault("RoleSessionName", ""));
        respond(exchange, 200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>" + accessKey + "</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey>"
                + "<SessionToken>session-" + role.hashCode() + "</SessionToken><Expiration>"
                + clock.instant().plus(Duration.ofHours(1)) + "</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>" + arns.get(accessKey) + "</Arn><AssumedRoleId>AROA:" + accessKey + "</AssumedRoleId>"
                + "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                + "</AssumeRoleResponse>");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>e-1</RequestId></ErrorResponse>");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
