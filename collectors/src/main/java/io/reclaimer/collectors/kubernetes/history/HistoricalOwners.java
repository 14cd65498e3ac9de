package io.reclaimer.collectors.kubernetes.history;

import io.reclaimer.collectors.kubernetes.owners.PodOwners;
import io.reclaimer.collectors.kubernetes.owners.Workload;
import io.reclaimer.model.WorkloadRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The owning workload of a pod seen in Prometheus, which may have been gone for days (rollouts replace
 * pods). In order: the informers' cache for pods that still exist; kube-state-metrics' owner series
 * ({@code kube_pod_owner}, {@code kube_replicaset_owner}, {@code kube_job_owner}) when Prometheus has
 * them; then the names controllers give pods, checked against workloads that exist now
 * ({@code <deployment>-<rs hash>-<suffix>}, {@code <statefulset>-<ordinal>}, {@code <daemonset>-<suffix>},
 * {@code <cronjob>-<schedule time>-<suffix>}). Pods none of these explain are skipped and counted.
 */
final class HistoricalOwners {

    private static final Pattern RANDOM_SUFFIX = Pattern.compile("(.+)-[bcdfghjklmnpqrstvwxz2456789]{5}");
    private static final Pattern TEMPLATE_HASH = Pattern.compile("(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}");
    private static final Pattern ORDINAL = Pattern.compile("(.+)-\\d+");
    private static final Pattern SCHEDULE_TIME = Pattern.compile("(.+)-\\d{8,}");
    private static final int CACHE_SIZE = 100_000;

    private final String cluster;
    private final PodOwners live;
    /** namespace/pod → Kind/name from kube_pod_owner; namespace/Kind/name → Kind/name for ReplicaSets and Jobs. */
    private final Map<String, Workload> podOwners;
    private final Map<String, Workload> controllerOwners;
    private final Map<String, Optional<WorkloadRef>> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<WorkloadRef>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    HistoricalOwners(String cluster, PodOwners live, Map<String, Workload> podOwners,
                            Map<String, Workload> controllerOwners) {
        this.cluster = cluster;
        this.live = live;
        this.podOwners = podOwners;
        this.controllerOwners = controllerOwners;
    }

    public Optional<WorkloadRef> ownerOf(String namespace, String pod) {
        return cache.computeIfAbsent(namespace + "/" + pod, k -> resolve(namespace, pod));
    }

    private Optional<WorkloadRef> resolve(String namespace, String pod) {
        Optional<WorkloadRef> current = live.ownerOf(namespace, pod);
        if (current.isPresent()) {
            return current;
        }
        Workload owner = podOwners.get(namespace + "/" + pod);
        if (owner != null) {
            return Optional.of(up(namespace, owner).ref(cluster, namespace));
        }
        return byName(namespace, pod).map(w -> w.ref(cluster, namespace));
    }

    /** One level up from a ReplicaSet or Job, when its owner is known. */
    private Workload up(String namespace, Workload owner) {
        if (!Workload.REPLICA_SET.equals(owner.kind()) && !Workload.JOB.equals(owner.kind())) {
            return owner;
        }
        Optional<Workload> parent = live.controllerOf(namespace, owner.kind(), owner.name());
        if (parent.isPresent()) {
            return parent.get();
        }
        Workload recorded = controllerOwners.get(namespace + "/" + owner.kind() + "/" + owner.name());
        if (recorded != null) {
            return recorded;
        }
        return byControllerName(namespace, owner).orElse(owner);
    }

    private Optional<Workload> byControllerName(String namespace, Workload owner) {
        if (Workload.REPLICA_SET.equals(owner.kind())) {
            Matcher hash = TEMPLATE_HASH.matcher(owner.name());
            if (hash.matches() && live.workloadExists(namespace, Workload.DEPLOYMENT, hash.group(1))) {
                return Optional.of(new Workload(Workload.DEPLOYMENT, hash.group(1)));
            }
        } else {
            Matcher time = SCHEDULE_TIME.matcher(owner.name());
            if (time.matches() && live.workloadExists(namespace, Workload.CRON_JOB, time.group(1))) {
                return Optional.of(new Workload(Workload.CRON_JOB, time.group(1)));
            }
        }
        return Optional.empty();
    }

    Optional<Workload> byName(String namespace, String pod) {
        Matcher ordinal = ORDINAL.matcher(pod);
        if (ordinal.matches() && live.workloadExists(namespace, Workload.STATEFUL_SET, ordinal.group(1))) {
            return Optional.of(new Workload(Workload.STATEFUL_SET, ordinal.group(1)));
        }
        Matcher suffix = RANDOM_SUFFIX.matcher(pod);
        if (!suffix.matches()) {
            return Optional.empty();
        }
        String base = suffix.group(1);
        if (live.workloadExists(namespace, Workload.DAEMON_SET, base)) {
            return Optional.of(new Workload(Workload.DAEMON_SET, base));
        }
        if (live.workloadExists(namespace, Workload.JOB, base)) {
            return Optional.of(up(namespace, new Workload(Workload.JOB, base)));
        }
        if (live.workloadExists(namespace, Workload.REPLICA_SET, base)) {
            return Optional.of(up(namespace, new Workload(Workload.REPLICA_SET, base)));
        }
        return byControllerName(namespace, new Workload(Workload.REPLICA_SET, base))
                .or(() -> byControllerName(namespace, new Workload(Workload.JOB, base)));
    }
}
