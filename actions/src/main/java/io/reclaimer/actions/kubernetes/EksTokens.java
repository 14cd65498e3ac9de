package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.reclaimer.actions.ActionsConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * EKS bearer tokens made the way {@code aws eks get-token} and aws-iam-authenticator make them, without either
 * binary: an STS {@code GetCallerIdentity} request carrying the header {@code x-k8s-aws-id: <cluster name>},
 * presigned with SigV4 in the query string (the AWS SDK's signer), then {@code k8s-aws-v1.} followed by the
 * URL in unpadded base64url. The API server hands the URL to STS, which answers with the caller's identity;
 * EKS maps that identity to Kubernetes groups through its access entries.
 *
 * <p>EKS accepts a token for 15 minutes after its signing time, so a token is reused for {@link #REUSE} and a
 * new one is signed after that (credentials from the provider are fetched anew each time, so rotated IRSA or
 * Pod Identity credentials are picked up).
 */
final class EksTokens implements OAuthTokenProvider {

    static final String PREFIX = "k8s-aws-v1.";
    static final String CLUSTER_HEADER = "x-k8s-aws-id";
    /** Shorter than the 15 minutes EKS allows, with room for clock skew and a slow request. */
    static final Duration REUSE = Duration.ofMinutes(10);
    /** What aws-iam-authenticator signs (X-Amz-Expires=60); EKS itself bounds the token to 15 minutes. */
    static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);

    private final ActionsConfig.EksCluster cluster;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private String token;
    private Instant signedAt;

    EksTokens(ActionsConfig.EksCluster cluster, AwsCredentialsProvider credentials, Clock clock) {
        this.cluster = cluster;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The current token: the last one while it is younger than {@link #REUSE}, else a new one. */
    @Override
    public synchronized String getToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(signedAt.plus(REUSE))) {
            token = sign(now);
            signedAt = now;
        }
        return token;
    }

    private String sign(Instant now) {
        URI sts = cluster.stsEndpoint();
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(sts)
                .encodedPath(sts.getRawPath() == null || sts.getRawPath().isEmpty() ? "/" : sts.getRawPath())
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_HEADER, cluster.name()).build();
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, cluster.region())
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(now, java.time.ZoneOffset.UTC))).request();
        String url = signed.getUri().toString();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }
}
