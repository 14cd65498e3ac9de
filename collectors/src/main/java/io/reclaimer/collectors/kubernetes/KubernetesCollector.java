package io.reclaimer.collectors.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reclaimer.collectors.kubernetes.KubernetesCollectorConfig.Context;
import io.reclaimer.collectors.kubernetes.history.PrometheusBackfill;
import io.reclaimer.collectors.kubernetes.history.PrometheusClient;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.collectors.pricing.PriceBook;
import io.reclaimer.collectors.pricing.PriceCatalog;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes collector: inventory from informers, usage from metrics.k8s.io, history from Prometheus,
 * for one or several clusters (kubeconfig contexts) in one process. A cluster that cannot be reached is
 * reported (log, {@code reclaimer_kubernetes_cluster_up}) and does not hold up the others.
 */
final class KubernetesCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCollector.class);
    /** The context name that means "the cluster this pod runs in, through its service account". */
    public static final String IN_CLUSTER = "in-cluster";

    /** A cluster to collect: its id and a client for it. */
    public record Cluster(String id, KubernetesClient client, URI prometheusUrl) {
    }

    /** What {@link #collectOnce} did: the clusters it listed, and the ones it could not reach with the reason. */
    public record OnceResult(List<String> collected, Map<String, String> failed) {
        public boolean complete() {
            return failed.isEmpty();
        }
    }

    private final KubernetesCollectorConfig config;
    private final Topics topics;
    private final NodePricer pricer;
    private final Clock clock;
    private final KubernetesMetrics metrics;
    /** OpenCost's series, exported by the agent of one cluster (null when the collector watches several). */
    private final io.reclaimer.collectors.opencost.OpenCostMetrics openCost;
    private final List<Cluster> clusters;
    private final List<ClusterCollector> collectors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean ownsClients;

    KubernetesCollector(KubernetesCollectorConfig config, List<Cluster> clusters, Topics topics,
                        PrometheusRegistry registry, Clock clock) {
        this.config = config;
        this.clusters = List.copyOf(clusters);
        this.topics = topics;
        this.clock = clock;
        this.metrics = new KubernetesMetrics(registry);
        // OpenCost's series carry no cluster label: only the agent of a single cluster exports them
        this.openCost = this.clusters.size() == 1 ? io.reclaimer.collectors.opencost.OpenCostMetrics.register(registry)
                : null;
        // every configured cluster's counters exist from start-up: dashboards and alerts read 0, not "no data"
        this.clusters.forEach(cluster -> metrics.cluster(cluster.id(), List.of(topics.workloads().name(),
                topics.kubernetesInventory().name(), topics.containerEvents().name(), topics.usageSamples().name())));
        this.pricer = new NodePricer(config.priceCatalogFile() == null ? PriceCatalog.shipped()
                : PriceCatalog.withOverrides(config.priceCatalogFile()), PriceBook.empty());
        // new prices re-price the nodes: the next reconcile publishes the nodes whose price changed
        pricer.book().onChange(() -> collectors.forEach(ClusterCollector::markDirty));
    }

    /**
     * The prices nodes are priced with: empty (shipped table) until something feeds it, such as a
     * {@link io.reclaimer.collectors.pricing.KafkaPriceFeed} on the prices topic.
     */
    public PriceBook priceBook() {
        return pricer.book();
    }

    /** Connects to the configured contexts of the kubeconfig (no request is made until a collect). */
    public static KubernetesCollector create(KubernetesCollectorConfig config, Topics topics, PrometheusRegistry registry) {
        List<Cluster> clusters = new ArrayList<>();
        for (Context context : contexts(config)) {
            clusters.add(new Cluster(context.clusterId(), client(config, context), config.prometheusFor(context)));
        }
        KubernetesCollector collector = new KubernetesCollector(config, clusters, topics, registry, Clock.systemUTC());
        collector.ownsClients = true;
        return collector;
    }

    /** For callers that already hold clients (tests, embedding): cluster ids and clients as given. */
    public static KubernetesCollector forClusters(KubernetesCollectorConfig config, List<Cluster> clusters, Topics topics,
                                                  PrometheusRegistry registry, Clock clock) {
        return new KubernetesCollector(config, clusters, topics, registry, clock);
    }

    private static List<Context> contexts(KubernetesCollectorConfig config) {
        if (!config.contexts().isEmpty()) {
            return config.contexts();
        }
        String current;
        if (config.kubeconfig() != null) {
            current = io.fabric8.kubernetes.client.internal.KubeConfigUtils.parseConfig(kubeconfigFile(config))
                    .getCurrentContext();
            if (current == null || current.isBlank()) {
                throw new IllegalArgumentException(config.kubeconfig() + " has no current-context: name the contexts"
                        + " to collect (--context or kubernetes.contexts)");
            }
        } else {
            var auto = Config.autoConfigure(null).getCurrentContext();
            current = auto == null ? IN_CLUSTER : auto.getName();
        }
        if (IN_CLUSTER.equals(current)) {
            LOG.warn("no kubeconfig context: collecting the cluster this pod runs in as cluster id '{}'; "
                    + "name it with --context {}=<cluster id> or kubernetes.contexts", IN_CLUSTER, IN_CLUSTER);
        }
        return List.of(new Context(current, null, null));
    }

    private static KubernetesClient client(KubernetesCollectorConfig config, Context context) {
        Config clientConfig;
        if (config.kubeconfig() != null) {
            clientConfig = Config.fromKubeconfig(context.name(), kubeconfigFile(config));
        } else {
            // the service account when running in a pod without a kubeconfig
            clientConfig = Config.autoConfigure(IN_CLUSTER.equals(context.name()) ? null : context.name());
        }
        boolean inCluster = config.kubeconfig() == null && IN_CLUSTER.equals(context.name());
        if (!inCluster && (clientConfig.getCurrentContext() == null
                || !context.name().equals(clientConfig.getCurrentContext().getName()))) {
            throw new IllegalArgumentException("context '" + context.name() + "' is not in "
                    + (config.kubeconfig() != null ? config.kubeconfig() : "the kubeconfig"));
        }
        clientConfig.setRequestTimeout((int) config.requestTimeout().toMillis());
        // informers relist and the poll loop polls again: a few quick HTTP retries are enough, and an
        // unreachable cluster is reported in seconds instead of after the client's long exponential backoff
        clientConfig.setRequestRetryBackoffLimit(2);
        return new KubernetesClientBuilder().withConfig(clientConfig).build();
    }

    private static File kubeconfigFile(KubernetesCollectorConfig config) {
        if (!Files.isReadable(config.kubeconfig())) {
            throw new IllegalArgumentException("cannot read kubeconfig " + config.kubeconfig());
        }
        return config.kubeconfig().toFile();
    }

    /**
     * Lists every cluster once and publishes its inventory, one poll of usage samples, container events
     * and, where a Prometheus URL is configured, the history backfill; then flushes the sink. Keys of
     * {@code prior} that a listed cluster no longer has are tombstoned; those of a cluster that could not be
     * listed are left alone.
     */
    public OnceResult collectOnce(EventSink sink, PriorInventory prior) {
        long begin = System.nanoTime();
        Map<ClusterCollector, CompletableFuture<Void>> started = new LinkedHashMap<>();
        for (Cluster cluster : clusters) {
            ClusterCollector collector = collector(cluster, prior);
            started.put(collector, collector.start(false));
        }
        List<String> collected = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Map.Entry<ClusterCollector, CompletableFuture<Void>> entry : started.entrySet()) {
            ClusterCollector collector = entry.getKey();
            boolean up = ClusterCollector.await(entry.getValue(), config.syncTimeout(), collector.cluster());
            metrics.up(collector.cluster(), up);
            if (!up) {
                failed.put(collector.cluster(), entry.getValue().isCompletedExceptionally()
                        ? "unreachable: " + ClusterCollector.rootMessage(entry.getValue().handle((v, e) -> e).join())
                        : "no answer within " + config.syncTimeout());
                continue;
            }
            long listed = System.nanoTime();
            collector.reconcile(sink);
            long reconciled = System.nanoTime();
            pollUsage(collector, sink);
            if (openCost != null) {
                openCost.update(collector.cluster(), collector.openCost());
            }
            LOG.info("cluster {}: listed in {} ms, inventory derived and published in {} ms, usage polled in {} ms",
                    collector.cluster(), (listed - begin) / 1_000_000, (reconciled - listed) / 1_000_000,
                    (System.nanoTime() - reconciled) / 1_000_000);
            backfill(collector, sink);
            collected.add(collector.cluster());
        }
        sink.flush();
        return new OnceResult(collected, failed);
    }

    /**
     * Streams until {@code stop} is released: inventory changes within {@code reconcileInterval}, usage every
     * {@code metricsInterval}, the backfill once per cluster after its first list. Clusters that are down are
     * retried by their informers; keys of {@code prior} are tombstoned only by a cluster's first complete list.
     * Returns after flushing; rethrows if the sink failed (nothing is dropped silently: the caller restarts,
     * reads {@code prior} again and republishes every cluster's inventory in full on its first list).
     */
    public void run(EventSink sink, PriorInventory prior, CountDownLatch stop) throws InterruptedException {
        AtomicReference<RuntimeException> fatal = new AtomicReference<>();
        CountDownLatch failed = new CountDownLatch(1);
        List<ScheduledExecutorService> schedulers = new ArrayList<>();
        ExecutorService backfills = Executors.newCachedThreadPool(daemon("reclaimer-k8s-backfill"));
        for (Cluster cluster : clusters) {
            ClusterCollector collector = collector(cluster, prior);
            CompletableFuture<Void> started = collector.start(true);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                    daemon("reclaimer-k8s-" + cluster.id()));
            schedulers.add(scheduler);
            boolean[] wasUp = {true};
            boolean[] everUp = {false};
            long startedAt = System.nanoTime();
            scheduler.scheduleWithFixedDelay(guarded(collector, fatal, failed, () -> {
                boolean up = collector.up();
                everUp[0] |= up;
                // a cluster starting up (listing, then opening its watches) is not down until it has been up
                // once or syncTimeout says so
                boolean settled = everUp[0] || System.nanoTime() - startedAt > config.syncTimeout().toNanos();
                if (up != wasUp[0] && (up || settled)) {
                    if (up) {
                        LOG.info("cluster {} is up", collector.cluster());
                    } else {
                        // why (a 403 from RBAC, a 500, a refused connection) when an informer said so
                        LOG.warn("cluster {} is unreachable; its informers keep retrying ({})", collector.cluster(),
                                collector.lastInformerError().map(e -> "last error: " + e)
                                        .orElse("no informer error reported yet"));
                    }
                    wasUp[0] = up;
                }
                metrics.up(collector.cluster(), up);
                if (collector.dirty()) {
                    collector.reconcile(sink);
                }
                if (openCost != null) {
                    openCost.update(collector.cluster(), collector.openCost());
                }
            }), 0, config.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(guarded(collector, fatal, failed, () -> {
                if (collector.synced()) {
                    pollUsage(collector, sink);
                    if (cluster.prometheusUrl() != null) {
                        pollGpuUsage(cluster, collector, sink);
                    }
                }
            }), config.metricsInterval().toMillis(), config.metricsInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (cluster.prometheusUrl() != null) {
                started.thenRunAsync(guarded(collector, fatal, failed, () -> backfill(collector, sink)), backfills);
            }
        }
        try {
            while (stop.getCount() > 0 && failed.getCount() > 0) {
                if (stop.await(200, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } finally {
            schedulers.forEach(ScheduledExecutorService::shutdownNow);
            backfills.shutdownNow();
            for (ScheduledExecutorService scheduler : schedulers) {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        sink.flush();
    }

    private Runnable guarded(ClusterCollector collector, AtomicReference<RuntimeException> fatal,
                             CountDownLatch failed, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (KubernetesClientException e) {
                LOG.warn("cluster {}: {}", collector.cluster(), ClusterCollector.rootMessage(e));
            } catch (RuntimeException e) {
                LOG.error("cluster {}: stopping the collector: {}", collector.cluster(), e.toString(), e);
                fatal.compareAndSet(null, e);
                failed.countDown();
            }
        };
    }

    private ClusterCollector collector(Cluster cluster, PriorInventory prior) {
        ClusterCollector collector = new ClusterCollector(cluster.id(), cluster.client(), topics, pricer, clock, metrics,
                config.listPageSize(), prior);
        synchronized (collectors) {
            collectors.add(collector);
        }
        return collector;
    }

    private void pollUsage(ClusterCollector collector, EventSink sink) {
        try {
            int samples = collector.pollUsage(sink);
            LOG.debug("cluster {}: {} usage samples", collector.cluster(), samples);
        } catch (KubernetesClientException e) {
            metrics.usagePollFailed(collector.cluster());
            LOG.warn("cluster {}: metrics.k8s.io poll failed (is metrics-server installed?): {}", collector.cluster(),
                    ClusterCollector.rootMessage(e));
        }
    }

    /** GPU utilisation from DCGM through the cluster's Prometheus; a cluster without DCGM just has none. */
    private void pollGpuUsage(Cluster cluster, ClusterCollector collector, EventSink sink) {
        try {
            var gpu = new io.reclaimer.collectors.kubernetes.gpu.DcgmGpuUsage(cluster.id(),
                    new PrometheusClient(cluster.prometheusUrl(), config.prometheusTimeout()), collector);
            var samples = gpu.poll(clock.instant());
            samples.forEach(sample -> sink.emit(topics.gpuUsage(), sample.container().key(), sample));
            metrics.published(collector.cluster(), topics.gpuUsage().name(), samples.size());
        } catch (PrometheusClient.PrometheusException e) {
            LOG.debug("cluster {}: no GPU utilisation from Prometheus: {}", collector.cluster(), e.getMessage());
        }
    }

    private void backfill(ClusterCollector collector, EventSink sink) {
        URI url = clusters.stream().filter(c -> c.id().equals(collector.cluster())).findFirst()
                .map(Cluster::prometheusUrl).orElse(null);
        if (url == null) {
            return;
        }
        PrometheusBackfill backfill = new PrometheusBackfill(collector.cluster(),
                new PrometheusClient(url, config.prometheusTimeout(), config.prometheus(), collector.cluster()), collector, topics,
                new PrometheusBackfill.Settings(config.backfillWindow(), config.backfillStep(), config.backfillChunk()),
                clock, ratio -> metrics.backfillProgress(collector.cluster(), ratio));
        try {
            PrometheusBackfill.Result result = backfill.run(sink);
            LOG.info("cluster {}: Prometheus backfill done: {} samples, {} container events, {} pods without a known owner",
                    collector.cluster(), result.samples(), result.events(), result.unattributedPods());
        } catch (PrometheusClient.PrometheusException e) {
            LOG.error("cluster {}: Prometheus backfill failed: {}", collector.cluster(), e.getMessage());
        }
    }

    /** Whether each cluster being streamed has listed and is watching (empty before {@link #run} starts it). */
    public Map<String, Boolean> clustersUp() {
        Map<String, Boolean> up = new LinkedHashMap<>();
        synchronized (collectors) {
            collectors.forEach(c -> up.put(c.cluster(), c.up()));
        }
        return up;
    }

    /** Pods held in the informer caches, summed over clusters (for the memory benchmark). */
    public int cachedPods() {
        synchronized (collectors) {
            return collectors.stream().mapToInt(ClusterCollector::cachedPods).sum();
        }
    }

    @Override
    public void close() {
        synchronized (collectors) {
            collectors.forEach(ClusterCollector::close);
            collectors.clear();
        }
        if (ownsClients) {
            clusters.forEach(cluster -> cluster.client().close());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
