package io.reclaimer.collectors.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reclaimer.collectors.kubernetes.inventory.ClusterObjects;
import io.reclaimer.collectors.kubernetes.inventory.Inventory;
import io.reclaimer.collectors.kubernetes.inventory.PublishedState;
import io.reclaimer.collectors.kubernetes.inventory.SlimItemStore;
import io.reclaimer.collectors.kubernetes.inventory.SlimObjects;
import io.reclaimer.collectors.kubernetes.owners.OwnerResolver;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.collectors.kubernetes.owners.PodOwners;
import io.reclaimer.collectors.kubernetes.owners.Workload;
import io.reclaimer.collectors.kubernetes.usage.ContainerEventDetector;
import io.reclaimer.collectors.kubernetes.usage.UsageMapping;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster: its informers (one per watched kind), what is live on the topics for it (seeded from Kafka
 * at start, then what it published), and the container-event memory. Informer callbacks only mark the
 * inventory dirty; {@link #reconcile} derives the whole desired inventory from the caches and publishes the
 * difference, so events are never lost to ordering (a pod seen before its ReplicaSet) and deletions always
 * end in a tombstone, including those that happened while no collector ran. Not thread-safe: the caller
 * runs reconcile and metrics polls on one thread per cluster.
 */
final class ClusterCollector implements PodOwners, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCollector.class);

    private final String cluster;
    private final KubernetesClient client;
    private final Topics topics;
    private final NodePricer pricer;
    private final Clock clock;
    private final KubernetesMetrics metrics;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    /** The newest error an informer reported (a dropped watch reports none), for the "unreachable" log line. */
    private volatile String lastInformerError;
    private final int listPageSize;
    private final PublishedState<WorkloadContainerSpec> publishedWorkloads;
    private final PublishedState<KubernetesObject> publishedObjects;
    private final ContainerEventDetector containerEvents = new ContainerEventDetector();
    /** The objects and inventory of the last reconcile, and the last usage poll: what the OpenCost series show. */
    private volatile ClusterObjects lastObjects;
    private volatile Inventory lastInventory;
    private volatile Map<String, double[]> lastUsage = Map.of();

    ClusterCollector(String cluster, KubernetesClient client, Topics topics, NodePricer pricer, Clock clock,
                     KubernetesMetrics metrics, int listPageSize, PriorInventory prior) {
        this.listPageSize = listPageSize;
        this.cluster = cluster;
        this.client = client;
        this.topics = topics;
        this.pricer = pricer;
        this.clock = clock;
        this.metrics = metrics;
        this.publishedWorkloads = new PublishedState<>(topics.workloads());
        this.publishedObjects = new PublishedState<>(topics.kubernetesInventory());
        // what an earlier process left on the topics: tombstoned by the first complete reconcile if gone
        this.publishedWorkloads.seed(prior.workloadKeys(cluster));
        this.publishedObjects.seed(prior.objectKeys(cluster));
    }

    String cluster() {
        return cluster;
    }

    /**
     * Creates and starts the informers. The returned future completes when every informer has listed once.
     * With {@code retryForever} a failing list or watch is retried until the cluster answers (long-running
     * mode); without, the first failure fails the future (one-shot mode).
     */
    CompletableFuture<Void> start(boolean retryForever) {
        inform(Node.class, client.nodes(), SlimObjects::withoutBulk, retryForever);
        inform(Namespace.class, client.namespaces(), SlimObjects::withoutBulk, retryForever);
        inform(Deployment.class, client.apps().deployments().inAnyNamespace(), SlimObjects::withoutBulk, retryForever);
        inform(StatefulSet.class, client.apps().statefulSets().inAnyNamespace(), SlimObjects::withoutBulk, retryForever);
        inform(DaemonSet.class, client.apps().daemonSets().inAnyNamespace(), SlimObjects::withoutBulk, retryForever);
        inform(CronJob.class, client.batch().v1().cronjobs().inAnyNamespace(), SlimObjects::withoutBulk, retryForever);
        inform(Job.class, client.batch().v1().jobs().inAnyNamespace(), SlimObjects::job, retryForever);
        inform(ReplicaSet.class, client.apps().replicaSets().inAnyNamespace(), SlimObjects::replicaSet, retryForever);
        inform(HorizontalPodAutoscaler.class, client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace(),
                SlimObjects::withoutBulk, retryForever);
        inform(PersistentVolume.class, client.persistentVolumes(), SlimObjects::withoutBulk, retryForever);
        inform(PersistentVolumeClaim.class, client.persistentVolumeClaims().inAnyNamespace(), SlimObjects::withoutBulk,
                retryForever);
        inform(Service.class, client.services().inAnyNamespace(), SlimObjects::withoutBulk, retryForever);
        inform(EndpointSlice.class, client.discovery().v1().endpointSlices().inAnyNamespace(), SlimObjects::withoutBulk,
                retryForever);
        inform(Pod.class, client.pods().inAnyNamespace(), SlimObjects::pod, retryForever);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (SharedIndexInformer<?> informer : informers.values()) {
            started.add(informer.start().toCompletableFuture());
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    private <T extends HasMetadata> void inform(Class<T> kind,
                                                io.fabric8.kubernetes.client.dsl.Informable<T> source,
                                                UnaryOperator<T> slim, boolean retryForever) {
        // paged lists: a relist of 10,000 pods must not arrive as one response of full objects
        SharedIndexInformer<T> informer = source.withLimit((long) listPageSize).runnableInformer(0);
        informer.itemStore(new SlimItemStore<>(slim));
        informer.exceptionHandler((isStarted, error) -> {
            // one line per cluster is logged where it matters (unreachable at start, up/down while streaming)
            LOG.debug("cluster {}: {} informer: {}", cluster, kind.getSimpleName(), error.toString());
            lastInformerError = kind.getSimpleName() + " informer: " + rootMessage(error);
            return retryForever || isStarted;
        });
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                dirty.set(true);
            }

            @Override
            public void onUpdate(T before, T after) {
                dirty.set(true);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                dirty.set(true);
            }
        });
        informers.put(kind, informer);
    }

    /** Waits for the first list of every informer; false (and logged) if the cluster did not answer in time. */
    static boolean await(CompletableFuture<Void> started, Duration timeout, String cluster) {
        try {
            started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.error("cluster {} is unreachable: {}", cluster, rootMessage(e));
            return false;
        } catch (TimeoutException e) {
            LOG.error("cluster {} did not answer within {}", cluster, timeout);
            return false;
        }
    }

    boolean synced() {
        return !informers.isEmpty() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Up: every informer has listed and is watching. */
    boolean up() {
        return synced() && informers.values().stream().allMatch(SharedIndexInformer::isWatching);
    }

    boolean dirty() {
        return dirty.get();
    }

    /** Something the inventory is derived from changed outside the informers (prices). */
    void markDirty() {
        dirty.set(true);
    }

    /** Publishes the difference between the derived inventory and what was published, plus new container events. */
    void reconcile(EventSink sink) {
        if (!synced()) {
            // a partial cache would tombstone what simply has not been listed yet, and a cluster that never
            // answered would tombstone its whole inventory seeded from Kafka
            return;
        }
        dirty.set(false);
        Instant now = clock.instant();
        ClusterObjects objects = snapshot();
        Inventory inventory = Inventory.derive(cluster, objects, pricer, now);
        lastObjects = objects;
        lastInventory = inventory;
        int workloads = publishedWorkloads.publish(inventory.workloads(), sink);
        int others = publishedObjects.publish(inventory.objects(), sink);
        metrics.published(cluster, topics.workloads().name(), workloads);
        metrics.published(cluster, topics.kubernetesInventory().name(), others);

        OwnerResolver resolver = Inventory.owners(objects);
        Set<String> live = new HashSet<>();
        int events = 0;
        for (Pod pod : objects.pods()) {
            var meta = pod.getMetadata();
            live.add(meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName());
            WorkloadRef owner = resolver.resolve(meta.getNamespace(), meta.getName(), meta.getOwnerReferences())
                    .ref(cluster, meta.getNamespace());
            for (ContainerEvent event : containerEvents.observe(owner, pod, now)) {
                sink.emit(topics.containerEvents(), event.container().key(), event);
                events++;
            }
        }
        containerEvents.retainPods(live);
        metrics.published(cluster, topics.containerEvents().name(), events);
        if (workloads + others + events > 0) {
            LOG.info("cluster {}: published {} workload container specs, {} inventory records, {} container events"
                    + " ({} pods)", cluster, workloads, others, events, objects.pods().size());
        }
    }

    /** One poll of metrics.k8s.io: a usage sample per container of every pod whose owner is known. */
    int pollUsage(EventSink sink) {
        Instant now = clock.instant();
        // all namespaces: the metrics DSL's default context has no namespace
        List<PodMetrics> items = client.top().pods().metrics().getItems();
        Map<String, double[]> usage = new java.util.HashMap<>();
        int samples = 0;
        int unknown = 0;
        for (PodMetrics podMetrics : items) {
            String namespace = podMetrics.getMetadata().getNamespace();
            String name = podMetrics.getMetadata().getName();
            Pod pod = store(Pod.class).getByKey(namespace + "/" + name);
            if (pod == null) {
                unknown++;
                continue;
            }
            WorkloadRef owner = resolve(pod);
            for (UsageSample sample : UsageMapping.samples(owner, podMetrics, now)) {
                sink.emit(topics.usageSamples(), sample.container().key(), sample);
                usage.put(namespace + "/" + name + "/" + sample.container().container(),
                        new double[] {sample.cpuCores(), sample.memoryWorkingSetBytes()});
                if (pod.getMetadata().getUid() != null) {
                    containerEvents.recordWorkingSet(pod.getMetadata().getUid(), sample.container().container(),
                            sample.memoryWorkingSetBytes());
                }
                samples++;
            }
        }
        metrics.published(cluster, topics.usageSamples().name(), samples);
        lastUsage = usage;
        if (unknown > 0) {
            LOG.debug("cluster {}: {} pod metrics for pods not (yet) in the cache", cluster, unknown);
        }
        return samples;
    }

    private WorkloadRef resolve(Pod pod) {
        var meta = pod.getMetadata();
        return resolver().resolve(meta.getNamespace(), meta.getName(), meta.getOwnerReferences())
                .ref(cluster, meta.getNamespace());
    }

    private OwnerResolver resolver() {
        return new OwnerResolver((kind, namespace, name) -> {
            HasMetadata owner = switch (kind) {
                case Workload.REPLICA_SET -> store(ReplicaSet.class).getByKey(namespace + "/" + name);
                case Workload.JOB -> store(Job.class).getByKey(namespace + "/" + name);
                default -> null;
            };
            return owner == null ? null : owner.getMetadata().getOwnerReferences();
        });
    }

    @Override
    public Optional<WorkloadRef> ownerOf(String namespace, String pod) {
        Pod found = store(Pod.class).getByKey(namespace + "/" + pod);
        return found == null ? Optional.empty() : Optional.of(resolve(found));
    }

    @Override
    public boolean workloadExists(String namespace, String kind, String name) {
        Class<? extends HasMetadata> type = switch (kind) {
            case Workload.DEPLOYMENT -> Deployment.class;
            case Workload.STATEFUL_SET -> StatefulSet.class;
            case Workload.DAEMON_SET -> DaemonSet.class;
            case Workload.CRON_JOB -> CronJob.class;
            case Workload.JOB -> Job.class;
            case Workload.REPLICA_SET -> ReplicaSet.class;
            default -> null;
        };
        return type != null && store(type).getByKey(namespace + "/" + name) != null;
    }

    @Override
    public Optional<Workload> controllerOf(String namespace, String kind, String name) {
        Class<? extends HasMetadata> type = Workload.REPLICA_SET.equals(kind) ? ReplicaSet.class
                : Workload.JOB.equals(kind) ? Job.class : null;
        HasMetadata object = type == null ? null : store(type).getByKey(namespace + "/" + name);
        OwnerReference owner = object == null ? null : OwnerResolver.controllerOf(object.getMetadata().getOwnerReferences());
        return owner == null ? Optional.empty() : Optional.of(new Workload(owner.getKind(), owner.getName()));
    }

    ClusterObjects snapshot() {
        return new ClusterObjects(list(Node.class), list(Namespace.class), list(Pod.class), list(ReplicaSet.class),
                list(Deployment.class), list(StatefulSet.class), list(DaemonSet.class), list(Job.class),
                list(CronJob.class), list(HorizontalPodAutoscaler.class), list(PersistentVolumeClaim.class),
                list(PersistentVolume.class), list(Service.class), list(EndpointSlice.class));
    }

    /** The cluster in OpenCost's series, as of the last reconcile and usage poll; empty before the first. */
    io.reclaimer.collectors.opencost.OpenCostSnapshot openCost() {
        ClusterObjects objects = lastObjects;
        Inventory inventory = lastInventory;
        if (objects == null || inventory == null) {
            return io.reclaimer.collectors.opencost.OpenCostSnapshot.EMPTY;
        }
        Map<String, double[]> usage = lastUsage;
        return io.reclaimer.collectors.opencost.OpenCostView.derive(cluster, objects, inventory, pricer.book(),
                (namespace, pod, container) -> usage.get(namespace + "/" + pod + "/" + container));
    }

    int cachedPods() {
        return informers.containsKey(Pod.class) ? store(Pod.class).list().size() : 0;
    }

    private <T> List<T> list(Class<T> kind) {
        return store(kind).list();
    }

    @SuppressWarnings("unchecked")
    private <T> io.fabric8.kubernetes.client.informers.cache.Store<T> store(Class<T> kind) {
        return ((SharedIndexInformer<T>) informers.get(kind)).getStore();
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }

    /** The newest error an informer reported, if any; it may predate the current outage. */
    java.util.Optional<String> lastInformerError() {
        return java.util.Optional.ofNullable(lastInformerError);
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
