package io.reclaimer.collectors.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.reclaimer.collectors.kubernetes.history.PrometheusAccess;

/**
 * Configuration of the Kubernetes collector (the {@code kubernetes} section of the config file, see
 * docs/configuration.md). Every option has a default, filled in here, so an empty section works: the
 * current context of {@code ~/.kube/config}, metrics every minute, no Prometheus backfill.
 *
 * @param kubeconfig         kubeconfig file; null: {@code $KUBECONFIG}, then {@code ~/.kube/config}, then in-cluster
 * @param contexts           contexts to collect, each with its cluster id; empty: the current context
 * @param metricsInterval    how often to poll {@code metrics.k8s.io} for usage samples
 * @param reconcileInterval  how long inventory changes are batched before the derived events are emitted
 * @param syncTimeout        how long to wait for a cluster's first list before reporting it unreachable
 * @param prometheusUrl      Prometheus base URL for the history backfill; null: no backfill
 * @param backfillWindow     how far back the backfill reaches
 * @param backfillStep       resolution of the backfilled samples
 * @param backfillChunk      longest time range of one range query (also capped at 10,000 points per series)
 * @param prometheusTimeout  timeout of one Prometheus request
 * @param priceCatalogFile   override file for the shipped EC2 price catalog (docs/pricing.md); null: shipped prices
 * @param listPageSize       objects per page of the informers' lists (the API server's {@code limit}), which
 *                           bounds the memory a relist of a large cluster needs
 * @param requestTimeout     timeout of one request to a Kubernetes API server (one list page, one metrics poll)
 * @param prometheus         how the backfill authenticates to Prometheus, which cluster label it selects, and how it
 *                           retries (default: open, no label, 3 retries)
 */
public record KubernetesCollectorConfig(Path kubeconfig, List<Context> contexts, Duration metricsInterval,
                                        Duration reconcileInterval, Duration syncTimeout, URI prometheusUrl,
                                        Duration backfillWindow, Duration backfillStep, Duration backfillChunk,
                                        Duration prometheusTimeout, Path priceCatalogFile, Integer listPageSize,
                                        Duration requestTimeout, PrometheusAccess prometheus) {

    public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_BACKFILL_WINDOW = Duration.ofDays(14);
    public static final Duration DEFAULT_BACKFILL_STEP = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BACKFILL_CHUNK = Duration.ofHours(6);
    public static final Duration DEFAULT_PROMETHEUS_TIMEOUT = Duration.ofMinutes(1);
    /** client-go's informers page by 500 as well. */
    public static final int DEFAULT_LIST_PAGE_SIZE = 500;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One kubeconfig context to collect and the cluster id its events carry (the context name unless
     * overridden; it becomes the first segment of every key, so it must not contain '/'), and the
     * Prometheus that scrapes this cluster when it is not the top-level {@code prometheusUrl}.
     */
    public record Context(String name, String clusterId, URI prometheusUrl) {
        public Context {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("kubernetes.contexts: a context needs a name");
            }
            clusterId = clusterId == null || clusterId.isBlank() ? name : clusterId;
            requireAbsolute(prometheusUrl, "kubernetes.contexts[" + name + "].prometheusUrl");
            if (clusterId.indexOf('/') >= 0) {
                throw new IllegalArgumentException("kubernetes.contexts: cluster id '" + clusterId
                        + "' must not contain '/' (it is a key segment); set clusterId for context " + name);
            }
        }

        /** {@code NAME} or {@code NAME=CLUSTER_ID}, as the CLI's {@code --context} takes it. */
        public static Context parse(String spec) {
            int eq = spec.indexOf('=');
            return eq < 0 ? new Context(spec, null, null)
                    : new Context(spec.substring(0, eq), spec.substring(eq + 1), null);
        }
    }

    public KubernetesCollectorConfig {
        requireAbsolute(prometheusUrl, "kubernetes.prometheusUrl");
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
        Set<String> ids = new HashSet<>();
        for (Context context : contexts) {
            if (!ids.add(context.clusterId())) {
                throw new IllegalArgumentException("kubernetes.contexts: cluster id '" + context.clusterId()
                        + "' is used twice; every context needs its own");
            }
        }
        metricsInterval = positive(metricsInterval, DEFAULT_METRICS_INTERVAL, "metricsInterval");
        reconcileInterval = positive(reconcileInterval, DEFAULT_RECONCILE_INTERVAL, "reconcileInterval");
        syncTimeout = positive(syncTimeout, DEFAULT_SYNC_TIMEOUT, "syncTimeout");
        backfillWindow = positive(backfillWindow, DEFAULT_BACKFILL_WINDOW, "backfillWindow");
        backfillStep = positive(backfillStep, DEFAULT_BACKFILL_STEP, "backfillStep");
        backfillChunk = positive(backfillChunk, DEFAULT_BACKFILL_CHUNK, "backfillChunk");
        prometheusTimeout = positive(prometheusTimeout, DEFAULT_PROMETHEUS_TIMEOUT, "prometheusTimeout");
        requestTimeout = positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "requestTimeout");
        prometheus = prometheus == null ? PrometheusAccess.OPEN : prometheus;
        listPageSize = listPageSize == null ? DEFAULT_LIST_PAGE_SIZE : listPageSize;
        if (listPageSize < 1) {
            throw new IllegalArgumentException("kubernetes.listPageSize must be at least 1, was " + listPageSize);
        }
        if (backfillChunk.compareTo(backfillStep) < 0) {
            throw new IllegalArgumentException("kubernetes.backfillChunk (" + backfillChunk
                    + ") must be at least backfillStep (" + backfillStep + ")");
        }
    }

    /** The Prometheus to backfill a context from: its own, else the top-level one, else none. */
    public URI prometheusFor(Context context) {
        return context.prometheusUrl() != null ? context.prometheusUrl() : prometheusUrl;
    }

    static void requireAbsolute(URI url, String name) {
        if (url != null && (url.getScheme() == null || url.getHost() == null)) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, was " + url);
        }
    }

    /** Everything at its default. */
    public static KubernetesCollectorConfig defaults() {
        return new KubernetesCollectorConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    public KubernetesCollectorConfig withKubeconfig(Path file) {
        return new KubernetesCollectorConfig(file, contexts, metricsInterval, reconcileInterval, syncTimeout,
                prometheusUrl, backfillWindow, backfillStep, backfillChunk, prometheusTimeout, priceCatalogFile, listPageSize,
                requestTimeout, prometheus);
    }

    public KubernetesCollectorConfig withRequestTimeout(Duration timeout) {
        return new KubernetesCollectorConfig(kubeconfig, contexts, metricsInterval, reconcileInterval, syncTimeout,
                prometheusUrl, backfillWindow, backfillStep, backfillChunk, prometheusTimeout, priceCatalogFile,
                listPageSize, timeout, prometheus);
    }

    public KubernetesCollectorConfig withContexts(List<Context> list) {
        return new KubernetesCollectorConfig(kubeconfig, list, metricsInterval, reconcileInterval, syncTimeout,
                prometheusUrl, backfillWindow, backfillStep, backfillChunk, prometheusTimeout, priceCatalogFile, listPageSize,
                requestTimeout, prometheus);
    }

    public KubernetesCollectorConfig withPrometheusUrl(URI url) {
        return new KubernetesCollectorConfig(kubeconfig, contexts, metricsInterval, reconcileInterval, syncTimeout,
                url, backfillWindow, backfillStep, backfillChunk, prometheusTimeout, priceCatalogFile, listPageSize,
                requestTimeout, prometheus);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("kubernetes." + name + " must be positive, was " + value);
        }
        return value;
    }
}
