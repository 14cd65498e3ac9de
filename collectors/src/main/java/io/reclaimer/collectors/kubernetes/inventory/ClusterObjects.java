package io.reclaimer.collectors.kubernetes.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Everything the inventory is derived from: one cluster's objects, as the informers' caches hold them. */
public record ClusterObjects(Collection<Node> nodes, Collection<Namespace> namespaces, Collection<Pod> pods,
                             Collection<ReplicaSet> replicaSets, Collection<Deployment> deployments,
                             Collection<StatefulSet> statefulSets, Collection<DaemonSet> daemonSets,
                             Collection<Job> jobs, Collection<CronJob> cronJobs,
                             Collection<HorizontalPodAutoscaler> hpas, Collection<PersistentVolumeClaim> pvcs,
                             Collection<PersistentVolume> pvs, Collection<Service> services,
                             Collection<EndpointSlice> endpointSlices) {

    /** The kinds the collector watches, in the order the informers start (owners before what they own). */
    public static final List<Class<? extends HasMetadata>> KINDS = List.of(Node.class, Namespace.class,
            Deployment.class, StatefulSet.class, DaemonSet.class, CronJob.class, Job.class, ReplicaSet.class,
            HorizontalPodAutoscaler.class, PersistentVolume.class, PersistentVolumeClaim.class, Service.class,
            EndpointSlice.class, Pod.class);

    public static ClusterObjects of(Collection<? extends HasMetadata> objects) {
        Builder builder = new Builder();
        objects.forEach(builder::add);
        return builder.build();
    }

    /** Sorts a mixed bag of objects into a ClusterObjects (tests, the benchmark). */
    public static final class Builder {
        private final List<Node> nodes = new ArrayList<>();
        private final List<Namespace> namespaces = new ArrayList<>();
        private final List<Pod> pods = new ArrayList<>();
        private final List<ReplicaSet> replicaSets = new ArrayList<>();
        private final List<Deployment> deployments = new ArrayList<>();
        private final List<StatefulSet> statefulSets = new ArrayList<>();
        private final List<DaemonSet> daemonSets = new ArrayList<>();
        private final List<Job> jobs = new ArrayList<>();
        private final List<CronJob> cronJobs = new ArrayList<>();
        private final List<HorizontalPodAutoscaler> hpas = new ArrayList<>();
        private final List<PersistentVolumeClaim> pvcs = new ArrayList<>();
        private final List<PersistentVolume> pvs = new ArrayList<>();
        private final List<Service> services = new ArrayList<>();
        private final List<EndpointSlice> slices = new ArrayList<>();

        public Builder add(HasMetadata object) {
            if (object instanceof Node o) {
                nodes.add(o);
            } else if (object instanceof Namespace o) {
                namespaces.add(o);
            } else if (object instanceof Pod o) {
                pods.add(o);
            } else if (object instanceof ReplicaSet o) {
                replicaSets.add(o);
            } else if (object instanceof Deployment o) {
                deployments.add(o);
            } else if (object instanceof StatefulSet o) {
                statefulSets.add(o);
            } else if (object instanceof DaemonSet o) {
                daemonSets.add(o);
            } else if (object instanceof Job o) {
                jobs.add(o);
            } else if (object instanceof CronJob o) {
                cronJobs.add(o);
            } else if (object instanceof HorizontalPodAutoscaler o) {
                hpas.add(o);
            } else if (object instanceof PersistentVolumeClaim o) {
                pvcs.add(o);
            } else if (object instanceof PersistentVolume o) {
                pvs.add(o);
            } else if (object instanceof Service o) {
                services.add(o);
            } else if (object instanceof EndpointSlice o) {
                slices.add(o);
            } else {
                throw new IllegalArgumentException("not a watched kind: " + object.getClass().getName());
            }
            return this;
        }

        public ClusterObjects build() {
            return new ClusterObjects(nodes, namespaces, pods, replicaSets, deployments, statefulSets, daemonSets,
                    jobs, cronJobs, hpas, pvcs, pvs, services, slices);
        }
    }
}
