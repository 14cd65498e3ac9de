package io.reclaimer.collectors.kubernetes.history;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * AWS Signature V4 for Amazon Managed Service for Prometheus (service {@code aps}), with the AWS SDK's own signer and
 * default credentials chain (IRSA / pod identity, instance role, environment); and the trust store of a CA bundle.
 */
final class PrometheusSigner {

    /** Headers java.net.http sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final String region;
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    PrometheusSigner(String region) {
        this.region = region;
    }

    /** The headers that sign a form POST of {@code form} to {@code uri}: X-Amz-Date, Authorization, ... */
    Map<String, String> sign(URI uri, String form) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/x-www-form-urlencoded").build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(form))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "aps")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!RESTRICTED.contains(lower) && !lower.equals("content-type") && !values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }

    /** A TLS context trusting exactly the certificate authorities of the PEM bundle {@code caFile}. */
    static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("kubernetes.prometheus.caFile: no certificate in " + caFile);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("kubernetes.prometheus.caFile: cannot read " + caFile + ": "
                    + e.getMessage(), e);
        }
    }
}
