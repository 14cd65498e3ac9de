package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The identity and rollback-mark checks of the Kubernetes executors: an object is changed only if it is the
 * one the finding priced (same {@code metadata.uid}: an object deleted and created again under the same name is
 * another object) and no rollback restored it.
 */
final class KubernetesTargets {

    private KubernetesTargets() {
    }

    /**
     * Why this object must not be changed by a delete, or empty. A delete needs the uid the finding recorded:
     * without one (a request written before uids were collected) the name is all there is, and a name is not
     * enough to destroy something.
     */
    static Optional<String> refusal(ActionRequest request, ObjectRef ref, HasMetadata found) {
        Optional<String> other = notPriced(request, TargetIdentity.Kubernetes.of(ref, uid(found)));
        if (other.isPresent()) {
            return other;
        }
        if (!(request.identity() instanceof TargetIdentity.Kubernetes k) || !k.unique()) {
            return Optional.of("no uid was recorded for " + ref.kind() + " " + ref.name() + " when it was priced: a name "
                    + "alone cannot tell it from one created again under that name, so it is not deleted");
        }
        return restored(found);
    }

    /** Why what was found is not what was priced, or empty (also when the request recorded no identity). */
    static Optional<String> notPriced(ActionRequest request, TargetIdentity.Kubernetes observed) {
        TargetIdentity expected = request.identity();
        if (expected == null) {
            return Optional.empty();
        }
        return expected.mismatch(observed).map(why -> "not the object the finding priced: " + why);
    }

    /** The rollback mark on an object, as a re-check reason; empty when there is none. */
    static Optional<String> restored(HasMetadata object) {
        String action = Workloads.annotation(object, ReclaimerLabels.RESTORED_FROM);
        return action == null ? Optional.empty() : Optional.of("a rollback of action " + action + " restored it (annotation "
                + ReclaimerLabels.RESTORED_FROM + "): it is left alone until a person removes the annotation");
    }

    /** Marks a manifest about to be created again by a rollback. */
    static void markRestored(HasMetadata object, String actionId) {
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(object.getMetadata().getAnnotations());
        annotations.remove(ReclaimerLabels.MARKED_FOR_OP);
        annotations.put(ReclaimerLabels.RESTORED_FROM, actionId);
        object.getMetadata().setAnnotations(annotations);
    }

    static String uid(HasMetadata object) {
        return object.getMetadata() == null || object.getMetadata().getUid() == null ? "" : object.getMetadata().getUid();
    }

    /** What a refused re-check saw: the object's uid and its rollback mark, if any. */
    static Map<String, String> observed(HasMetadata object) {
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("uid", uid(object));
        String mark = Workloads.annotation(object, ReclaimerLabels.RESTORED_FROM);
        if (mark != null) {
            observed.put(ReclaimerLabels.RESTORED_FROM, mark);
        }
        return observed;
    }
}
