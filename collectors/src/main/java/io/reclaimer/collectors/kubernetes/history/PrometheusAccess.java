package io.reclaimer.collectors.kubernetes.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the backfill reaches a Prometheus-compatible API that is not open: Thanos, Cortex/Mimir behind a gateway,
 * Amazon Managed Service for Prometheus. Secrets come from files, read at every request (rotated tokens work).
 *
 * @param bearerTokenFile file holding a bearer token ({@code Authorization: Bearer ...}) (default none)
 * @param username        basic-auth user, with {@code passwordFile} (default none)
 * @param passwordFile    file holding the basic-auth password (default none)
 * @param headers         extra headers on every request, e.g. {@code X-Scope-OrgID: tenant-1} for Mimir/Cortex
 *                        (default none)
 * @param caFile          PEM bundle of the certificate authorities to trust instead of the JVM's (default none)
 * @param sigv4Region     sign every request with AWS Signature V4 for service {@code aps} in this region, with the
 *                        AWS SDK's default credentials (Amazon Managed Service for Prometheus) (default none)
 * @param clusterLabel    label that names the cluster in a Prometheus shared by several clusters; every query then
 *                        selects {@code <clusterLabel>="<cluster id>"} (default none: the Prometheus sees one cluster)
 * @param retries         attempts after the first for a request that fails before any data arrived (connection
 *                        error, timeout, HTTP 429 or 5xx) (default 3)
 * @param retryBackoff    wait before the first retry, doubled at each next one (default 2s)
 */
public record PrometheusAccess(Path bearerTokenFile, String username, Path passwordFile, Map<String, String> headers,
                               Path caFile, String sigv4Region, String clusterLabel, Integer retries,
                               Duration retryBackoff) {

    public static final PrometheusAccess OPEN = new PrometheusAccess(null, null, null, null, null, null, null, null,
            null);

    public PrometheusAccess {
        username = username == null ? "" : username.trim();
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
        sigv4Region = sigv4Region == null ? "" : sigv4Region.trim();
        clusterLabel = clusterLabel == null ? "" : clusterLabel.trim();
        if (!clusterLabel.isEmpty() && !clusterLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("kubernetes.prometheus.clusterLabel is not a label name: " + clusterLabel);
        }
        retries = retries == null ? 3 : retries;
        if (retries < 0) {
            throw new IllegalArgumentException("kubernetes.prometheus.retries must be 0 or more, was " + retries);
        }
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(2) : retryBackoff;
        if (!username.isEmpty() && passwordFile == null) {
            throw new IllegalArgumentException("kubernetes.prometheus.username needs passwordFile");
        }
        if (bearerTokenFile != null && !username.isEmpty()) {
            throw new IllegalArgumentException("kubernetes.prometheus: bearerTokenFile and username are exclusive");
        }
    }

    /** Header values that carry credentials are not printed. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        headers.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            shown.put(k, key.contains("auth") || key.contains("token") || key.contains("key") ? "[redacted]" : v);
        });
        return "PrometheusAccess[bearerTokenFile=" + bearerTokenFile + ", username=" + username + ", passwordFile="
                + passwordFile + ", headers=" + shown + ", caFile=" + caFile + ", sigv4Region=" + sigv4Region
                + ", clusterLabel=" + clusterLabel + ", retries=" + retries + ", retryBackoff=" + retryBackoff + "]";
    }
}
