package io.reclaimer.collectors.kubernetes.inventory;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EphemeralVolumeSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.reclaimer.collectors.kubernetes.owners.OwnerResolver;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies of the objects the informers cache, holding only the fields the collector reads. Pods and
 * ReplicaSets are most of a cluster's objects and most of their bytes (env, probes, managedFields, a
 * full pod template in every old ReplicaSet); keeping the few fields used is what bounds the heap.
 */
public final class SlimObjects {

    private SlimObjects() {
    }

    public static Pod pod(Pod pod) {
        var spec = pod.getSpec();
        var status = pod.getStatus();
        PodBuilder slim = new PodBuilder().withApiVersion(pod.getApiVersion()).withKind(pod.getKind())
                .withMetadata(meta(pod.getMetadata(), true));
        if (spec != null) {
            slim.withSpec(new PodSpecBuilder().withNodeName(spec.getNodeName()).withNodeSelector(spec.getNodeSelector())
                    .withContainers(containers(spec.getContainers())).withInitContainers(containers(spec.getInitContainers()))
                    .withVolumes(volumes(spec.getVolumes())).build());
        }
        if (status != null) {
            slim.withStatus(new PodStatusBuilder().withPhase(status.getPhase()).withQosClass(status.getQosClass())
                    .withContainerStatuses(statuses(status.getContainerStatuses())).build());
        }
        return slim.build();
    }

    /** A ReplicaSet owned by a Deployment is only a link from pod to Deployment; a standalone one is a workload. */
    public static ReplicaSet replicaSet(ReplicaSet rs) {
        if (OwnerResolver.controllerOf(rs.getMetadata().getOwnerReferences()) == null) {
            return rs;
        }
        return new ReplicaSetBuilder().withApiVersion(rs.getApiVersion()).withKind(rs.getKind())
                .withMetadata(meta(rs.getMetadata(), false)).build();
    }

    /** Likewise a Job owned by a CronJob. */
    public static Job job(Job job) {
        if (OwnerResolver.controllerOf(job.getMetadata().getOwnerReferences()) == null) {
            return job;
        }
        return new JobBuilder().withApiVersion(job.getApiVersion()).withKind(job.getKind())
                .withMetadata(meta(job.getMetadata(), false)).build();
    }

    /** Drops managedFields and kubectl's last-applied copy from anything else. */
    public static <T extends HasMetadata> T withoutBulk(T object) {
        ObjectMeta meta = object.getMetadata();
        if (meta != null) {
            meta.setManagedFields(null);
            if (meta.getAnnotations() != null && meta.getAnnotations().containsKey(ObjectMapping.LAST_APPLIED)) {
                meta.setAnnotations(ObjectMapping.annotations(meta));
            }
        }
        return object;
    }

    private static ObjectMeta meta(ObjectMeta meta, boolean labels) {
        ObjectMetaBuilder slim = new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion())
                .withCreationTimestamp(meta.getCreationTimestamp()).withOwnerReferences(meta.getOwnerReferences());
        if (labels) {
            slim.withLabels(meta.getLabels()).withAnnotations(ObjectMapping.annotations(meta));
        }
        return slim.build();
    }

    private static List<Container> containers(List<Container> containers) {
        if (containers == null || containers.isEmpty()) {
            return null;
        }
        List<Container> slim = new ArrayList<>(containers.size());
        for (Container c : containers) {
            slim.add(new ContainerBuilder().withName(c.getName()).withResources(c.getResources()).build());
        }
        return slim;
    }

    private static List<Volume> volumes(List<Volume> volumes) {
        if (volumes == null || volumes.isEmpty()) {
            return null;
        }
        List<Volume> slim = new ArrayList<>();
        for (Volume v : volumes) {
            if (v.getPersistentVolumeClaim() != null) {
                slim.add(new VolumeBuilder().withName(v.getName()).withPersistentVolumeClaim(v.getPersistentVolumeClaim()).build());
            } else if (v.getEphemeral() != null) {
                slim.add(new VolumeBuilder().withName(v.getName()).withEphemeral(new EphemeralVolumeSource()).build());
            }
        }
        return slim.isEmpty() ? null : slim;
    }

    private static List<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        if (statuses == null || statuses.isEmpty()) {
            return null;
        }
        List<ContainerStatus> slim = new ArrayList<>(statuses.size());
        for (ContainerStatus s : statuses) {
            var builder = new ContainerStatusBuilder().withName(s.getName()).withRestartCount(s.getRestartCount());
            if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                var t = s.getLastState().getTerminated();
                builder.withLastState(new ContainerStateBuilder().withNewTerminated().withReason(t.getReason())
                        .withExitCode(t.getExitCode()).withFinishedAt(t.getFinishedAt()).endTerminated().build());
            }
            slim.add(builder.build());
        }
        return slim;
    }
}
