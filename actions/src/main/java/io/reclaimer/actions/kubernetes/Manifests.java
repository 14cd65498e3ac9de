package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Manifests kept in an action's previous state, so a deleted object can be created again on rollback. */
final class Manifests {

    private Manifests() {
    }

    /** The object as JSON without what the API server owns (uid, resource version, status...). */
    static String portable(HasMetadata object) {
        HasMetadata copy = Serialization.clone(object);
        ObjectMeta meta = copy.getMetadata();
        meta.setUid(null);
        meta.setResourceVersion(null);
        meta.setCreationTimestamp(null);
        meta.setManagedFields(null);
        meta.setGeneration(null);
        meta.setSelfLink(null);
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setFinalizers(null);
        return Serialization.asJson(copy);
    }

    static <T extends HasMetadata> T read(String json, Class<T> type) {
        return Serialization.unmarshal(json, type);
    }
}
