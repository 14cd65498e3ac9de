package io.reclaimer.collectors.kubernetes.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.reclaimer.collectors.kubernetes.inventory.WorkloadMapping.Placement;
import io.reclaimer.collectors.kubernetes.owners.OwnerResolver;
import io.reclaimer.collectors.kubernetes.owners.Workload;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.kubernetes.ClaimUse;
import io.reclaimer.model.kubernetes.HpaInfo;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the two compacted topics should hold for one cluster, derived from its objects alone: the
 * workload container specs (keyed by container key) and the other inventory records (keyed by object
 * key). A pure function of its input, so the collector can recompute it at any time and publish the
 * difference; whatever it last published and is no longer here gets a tombstone.
 */
public record Inventory(Map<String, WorkloadContainerSpec> workloads, Map<String, KubernetesObject> objects) {

    public static Inventory derive(String cluster, ClusterObjects in, NodePricer pricer, Instant now) {
        return new Deriver(cluster, in, pricer, now).derive();
    }

    /** Owner resolution against the ReplicaSets and Jobs in {@code in}. */
    public static OwnerResolver owners(ClusterObjects in) {
        Map<String, List<OwnerReference>> replicaSets = ownersByName(in.replicaSets());
        Map<String, List<OwnerReference>> jobs = ownersByName(in.jobs());
        return new OwnerResolver((kind, namespace, name) -> switch (kind) {
            case Workload.REPLICA_SET -> replicaSets.get(namespace + "/" + name);
            case Workload.JOB -> jobs.get(namespace + "/" + name);
            default -> null;
        });
    }

    /** Pods that hold resources now: scheduled or pending, not finished (the definition the actions share). */
    public static boolean active(Pod pod) {
        return ClaimUse.holdsVolumes(pod.getStatus() == null ? null : pod.getStatus().getPhase());
    }

    private static Map<String, List<OwnerReference>> ownersByName(Iterable<? extends HasMetadata> objects) {
        Map<String, List<OwnerReference>> owners = new HashMap<>();
        for (HasMetadata object : objects) {
            List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
            owners.put(object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(),
                    refs == null ? List.of() : refs);
        }
        return owners;
    }

    private static final class Deriver {
        private final String cluster;
        private final ClusterObjects in;
        private final NodePricer pricer;
        private final Instant now;
        private final Map<String, WorkloadContainerSpec> workloads = new TreeMap<>();
        private final Map<String, KubernetesObject> objects = new TreeMap<>();
        private final Map<String, NodeInfo> nodes = new HashMap<>();
        /** namespace/Kind/name → the pods it owns. */
        private final Map<String, List<Pod>> podsByWorkload = new HashMap<>();
        private final Map<String, HpaInfo> hpaByTarget = new HashMap<>();
        private final Set<String> templated = new HashSet<>();

        Deriver(String cluster, ClusterObjects in, NodePricer pricer, Instant now) {
            this.cluster = cluster;
            this.in = in;
            this.pricer = pricer;
            this.now = now;
        }

        Inventory derive() {
            for (Node node : in.nodes()) {
                NodeInfo info = ObjectMapping.node(cluster, node, pricer, now);
                nodes.put(node.getMetadata().getName(), info);
                objects.put(info.ref().key(), info);
            }
            for (Namespace namespace : in.namespaces()) {
                var info = ObjectMapping.namespace(cluster, namespace, now);
                objects.put(info.ref().key(), info);
            }
            Map<String, List<String>> mounts = groupPods();
            in.hpas().stream().sorted(Comparator.comparing((HorizontalPodAutoscaler h) -> h.getMetadata().getName()))
                    .forEach(hpa -> {
                        String target = HpaMapping.targetKey(hpa);
                        if (target != null) {
                            hpaByTarget.putIfAbsent(target, HpaMapping.info(hpa));
                        }
                    });
            templatedWorkloads();
            podDerivedWorkloads();
            for (PersistentVolumeClaim pvc : in.pvcs()) {
                var info = ObjectMapping.pvc(cluster, pvc, mounts.getOrDefault(key(pvc.getMetadata()), List.of()), now);
                objects.put(info.ref().key(), info);
            }
            for (PersistentVolume pv : in.pvs()) {
                var info = ObjectMapping.pv(cluster, pv, now);
                objects.put(info.ref().key(), info);
            }
            Map<String, Integer> ready = ObjectMapping.readyEndpoints(in.endpointSlices());
            for (Service service : in.services()) {
                var info = ObjectMapping.service(cluster, service, ready.getOrDefault(key(service.getMetadata()), 0), now);
                objects.put(info.ref().key(), info);
            }
            return new Inventory(workloads, objects);
        }

        /** Groups pods by owning workload; returns namespace/claim → names of the active pods mounting it. */
        private Map<String, List<String>> groupPods() {
            OwnerResolver resolver = owners(in);
            Map<String, List<String>> mounts = new HashMap<>();
            for (Pod pod : in.pods()) {
                ObjectMeta meta = pod.getMetadata();
                Workload workload = resolver.resolve(meta.getNamespace(), meta.getName(), meta.getOwnerReferences());
                podsByWorkload.computeIfAbsent(meta.getNamespace() + "/" + workload.kind() + "/" + workload.name(),
                        k -> new ArrayList<>()).add(pod);
                if (active(pod) && pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
                    for (Volume volume : pod.getSpec().getVolumes()) {
                        String claim = claimName(meta.getName(), volume);
                        if (claim != null) {
                            mounts.computeIfAbsent(meta.getNamespace() + "/" + claim, k -> new ArrayList<>())
                                    .add(meta.getName());
                        }
                    }
                }
            }
            return mounts;
        }

        /** The claim a pod volume uses, by the definition the delete's re-check shares. */
        private static String claimName(String podName, Volume volume) {
            return ClaimUse.claimName(podName, volume.getName(), volume.getPersistentVolumeClaim() == null ? null
                    : volume.getPersistentVolumeClaim().getClaimName(), volume.getEphemeral() != null);
        }

        private void templatedWorkloads() {
            for (Deployment d : in.deployments()) {
                addTemplated(Workload.DEPLOYMENT, d, orOne(d.getSpec() == null ? null : d.getSpec().getReplicas()),
                        d.getSpec() == null ? null : d.getSpec().getTemplate());
            }
            for (StatefulSet s : in.statefulSets()) {
                addTemplated(Workload.STATEFUL_SET, s, orOne(s.getSpec() == null ? null : s.getSpec().getReplicas()),
                        s.getSpec() == null ? null : s.getSpec().getTemplate());
            }
            for (DaemonSet d : in.daemonSets()) {
                Integer desired = d.getStatus() == null ? null : d.getStatus().getDesiredNumberScheduled();
                int replicas = desired != null && desired > 0 ? desired
                        : activeCount(podsOf(Workload.DAEMON_SET, d.getMetadata()));
                addTemplated(Workload.DAEMON_SET, d, replicas, d.getSpec() == null ? null : d.getSpec().getTemplate());
            }
            for (CronJob c : in.cronJobs()) {
                var jobSpec = c.getSpec() == null || c.getSpec().getJobTemplate() == null ? null
                        : c.getSpec().getJobTemplate().getSpec();
                addTemplated(Workload.CRON_JOB, c, orOne(jobSpec == null ? null : jobSpec.getParallelism()),
                        jobSpec == null ? null : jobSpec.getTemplate());
            }
            for (Job j : in.jobs()) {
                if (OwnerResolver.controllerOf(j.getMetadata().getOwnerReferences()) == null) {
                    int replicas = finished(j) ? 0 : orOne(j.getSpec() == null ? null : j.getSpec().getParallelism());
                    addTemplated(Workload.JOB, j, replicas, j.getSpec() == null ? null : j.getSpec().getTemplate());
                }
            }
            for (ReplicaSet r : in.replicaSets()) {
                if (OwnerResolver.controllerOf(r.getMetadata().getOwnerReferences()) == null) {
                    addTemplated(Workload.REPLICA_SET, r, orOne(r.getSpec() == null ? null : r.getSpec().getReplicas()),
                            r.getSpec() == null ? null : r.getSpec().getTemplate());
                }
            }
        }

        private void addTemplated(String kind, HasMetadata workload, int replicas, PodTemplateSpec template) {
            ObjectMeta meta = workload.getMetadata();
            String key = meta.getNamespace() + "/" + kind + "/" + meta.getName();
            templated.add(key);
            if (template == null) {
                return;
            }
            WorkloadRef ref = new WorkloadRef(cluster, meta.getNamespace(), kind, meta.getName());
            put(WorkloadMapping.specs(ref, replicas, meta, template.getMetadata(), template.getSpec(),
                    hpaByTarget.get(key), placement(podsByWorkload.getOrDefault(key, List.of())), now));
        }

        /** Bare pods and pods of controllers the collector does not watch: the pods are the only template there is. */
        private void podDerivedWorkloads() {
            podsByWorkload.forEach((key, pods) -> {
                if (templated.contains(key)) {
                    return;
                }
                Pod sample = pods.stream().min(Comparator.comparing((Pod p) -> p.getMetadata().getName())).orElseThrow();
                String[] parts = key.split("/", 3);
                WorkloadRef ref = new WorkloadRef(cluster, parts[0], parts[1], parts[2]);
                ObjectMeta meta = Workload.POD.equals(parts[1]) ? sample.getMetadata() : null;
                put(WorkloadMapping.specs(ref, activeCount(pods), meta, sample.getMetadata(), sample.getSpec(),
                        hpaByTarget.get(key), placement(pods), now));
            });
        }

        private Placement placement(List<Pod> pods) {
            Map<String, Integer> pools = new TreeMap<>();
            Map<String, Integer> podsByNode = new TreeMap<>();
            double cpu = 0;
            double memory = 0;
            double gpu = 0;
            int gpuPriced = 0;
            int priced = 0;
            for (Pod pod : pods) {
                if (!active(pod) || pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
                    continue;
                }
                podsByNode.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
                NodeInfo node = nodes.get(pod.getSpec().getNodeName());
                if (node == null) {
                    continue;
                }
                if (!node.nodePool().isEmpty()) {
                    pools.merge(node.nodePool(), 1, Integer::sum);
                }
                cpu += node.prices().cpuUsdPerCoreHour();
                memory += node.prices().memoryUsdPerGibHour();
                if (node.prices().gpuUsdPerGpuHour() != null) {
                    gpu += node.prices().gpuUsdPerGpuHour();
                    gpuPriced++;
                }
                priced++;
            }
            String pool = "";
            int most = 0;
            for (Map.Entry<String, Integer> entry : pools.entrySet()) {
                if (entry.getValue() > most) { // TreeMap order: ties go to the first name
                    pool = entry.getKey();
                    most = entry.getValue();
                }
            }
            // the GPU-hour price averages over the pods on GPU nodes: a pod elsewhere cannot be using a GPU
            return new Placement(pool, priced == 0 ? null : new UnitPrices(cpu / priced, memory / priced,
                    gpuPriced == 0 ? null : gpu / gpuPriced), podsByNode);
        }

        private List<Pod> podsOf(String kind, ObjectMeta meta) {
            return podsByWorkload.getOrDefault(meta.getNamespace() + "/" + kind + "/" + meta.getName(), List.of());
        }

        private void put(List<WorkloadContainerSpec> specs) {
            for (WorkloadContainerSpec spec : specs) {
                workloads.put(spec.container().key(), spec);
            }
        }

        private static int activeCount(List<Pod> pods) {
            return (int) pods.stream().filter(Inventory::active).count();
        }

        private static boolean finished(Job job) {
            return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                    .stream().anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                            && "True".equals(c.getStatus()));
        }

        private static int orOne(Integer value) {
            return value == null ? 1 : value;
        }

        private static String key(ObjectMeta meta) {
            return meta.getNamespace() + "/" + meta.getName();
        }
    }
}
