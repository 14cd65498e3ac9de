package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.TargetFacts;
import java.util.Map;

/** The workload kinds whose pod template Reclaimer edits, behind one small facade. */
final class Workloads {


    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class,
            "StatefulSet", StatefulSet.class, "DaemonSet", DaemonSet.class, "CronJob", CronJob.class);

    private Workloads() {
    }

    static Class<? extends HasMetadata> type(String kind) throws ActionFailedException {
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new ActionFailedException("only Deployments, StatefulSets, DaemonSets and CronJobs are edited, not " + kind);
        }
        return type;
    }

    static Resource<? extends HasMetadata> resource(KubernetesClient client, String kind, String namespace, String name)
            throws ActionFailedException {
        return client.resources(type(kind)).inNamespace(namespace).withName(name);
    }

    static PodSpec podSpec(HasMetadata workload) {
        if (workload instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (workload instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        }
        if (workload instanceof DaemonSet d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (workload instanceof CronJob c) {
            return c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        }
        throw new IllegalArgumentException("not a workload: " + workload.getKind());
    }

    /** JSON Pointer of the pod template's containers (a CronJob's job template: its next run gets the change). */
    static String containersPath(HasMetadata workload) {
        return workload instanceof CronJob ? "/spec/jobTemplate/spec/template/spec/containers/"
                : "/spec/template/spec/containers/";
    }

    static void patch(Resource<? extends HasMetadata> resource, JsonPatch patch) {
        resource.patch(PatchContext.of(PatchType.JSON), patch.json());
    }

    /** Adds (or replaces) an annotation, creating the annotations object when the resource has none. */
    static void annotate(JsonPatch patch, HasMetadata resource, String key, String value) {
        if (resource.getMetadata().getAnnotations() == null) {
            patch.add("/metadata/annotations", Map.of(key, value));
            resource.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(key, value)));
        } else {
            patch.add("/metadata/annotations/" + JsonPatch.segment(key), value);
        }
    }

    /** The object's labels and annotations, for the execution-time gate. */
    static TargetFacts facts(HasMetadata resource) {
        return TargetFacts.kubernetes(resource.getMetadata().getLabels(), resource.getMetadata().getAnnotations());
    }

    static String annotation(HasMetadata resource, String key) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
