package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.Map;
import java.util.Set;

/**
 * Mark-for-op on Kubernetes objects (Cloud Custodian's protocol): writes the verdict's {@code markValue}
 * under the annotation {@code markKey}, so the delete can be decided after the grace period. Reversible:
 * rollback removes the annotation.
 */
public final class KubernetesMarkExecutor implements ActionExecutor {

    private static final Set<FindingKind> KINDS = Set.of(FindingKind.UNUSED_PVC, FindingKind.RELEASED_PV,
            FindingKind.SERVICE_WITHOUT_ENDPOINTS, FindingKind.IDLE_NAMESPACE);

    private final KubernetesClusters clusters;

    public KubernetesMarkExecutor(KubernetesClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.MARK_FOR_OP && KINDS.contains(kind);
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return true;
    }

    private Resource<GenericKubernetesResource> resource(ActionRequest request) throws ActionFailedException {
        ObjectRef ref;
        try {
            ref = ObjectRef.parse(request.target());
        } catch (InvalidEventException e) {
            throw new ActionFailedException("a Kubernetes mark targets an object key: " + e.getMessage());
        }
        KubernetesClient client = clusters.client(ref.cluster());
        var kind = client.genericKubernetesResources("v1", ref.kind());
        return ref.namespaced() ? kind.inNamespace(ref.namespace()).withName(ref.name()) : kind.withName(ref.name());
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        GenericKubernetesResource object = resource(request).get();
        if (object == null) {
            return Check.changed(request.target() + " no longer exists");
        }
        String key = request.proposedState().get(ActionParameters.MARK_KEY);
        String value = request.proposedState().get(ActionParameters.MARK_VALUE);
        String existing = Workloads.annotation(object, key);
        if (existing == null) {
            return Check.original(Map.of("mark", "none"), Map.of(key, value)).withFacts(Workloads.facts(object));
        }
        if (existing.equals(value)) {
            return Check.done("already marked", Map.of(key, existing));
        }
        return Check.changed("already marked " + key + "=" + existing, Map.of(key, existing));
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws ActionFailedException {
        Resource<GenericKubernetesResource> resource = resource(request);
        GenericKubernetesResource object = resource.get();
        if (object == null) {
            throw new ActionFailedException(request.target() + " disappeared before the mark");
        }
        JsonPatch patch = JsonPatch.create();
        check.plannedState().forEach((k, v) -> Workloads.annotate(patch, object, k, v));
        Workloads.patch(resource, patch);
        return check.plannedState();
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        GenericKubernetesResource object = resource(request).get();
        if (object == null) {
            return Check.changed(request.target() + " no longer exists");
        }
        String key = request.proposedState().get(ActionParameters.MARK_KEY);
        String existing = Workloads.annotation(object, key);
        if (existing == null) {
            return Check.done("the mark is gone already", Map.of());
        }
        if (!existing.equals(executed.newState().get(key))) {
            return Check.changed("the mark was changed to " + existing, Map.of(key, existing));
        }
        return Check.original(Map.of(key, existing), Map.of("mark", "none")).withFacts(Workloads.facts(object));
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        String key = request.proposedState().get(ActionParameters.MARK_KEY);
        Workloads.patch(resource(request), JsonPatch.create().remove("/metadata/annotations/" + JsonPatch.segment(key)));
        return Map.of("mark", "none");
    }
}
