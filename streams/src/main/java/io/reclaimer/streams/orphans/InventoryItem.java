package io.reclaimer.streams.orphans;

import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.kubernetes.KubernetesObject;

/**
 * One inventory record on its way to the index: a cloud resource or a Kubernetes object under its own
 * key, or neither (a tombstone: the resource is gone). Internal.
 */
record InventoryItem(Source source, String key, CloudResource cloud, KubernetesObject kubernetes) {

    enum Source { CLOUD, KUBERNETES }

    static InventoryItem cloud(String key, CloudResource resource) {
        return new InventoryItem(Source.CLOUD, key, resource, null);
    }

    static InventoryItem kubernetes(String key, KubernetesObject object) {
        return new InventoryItem(Source.KUBERNETES, key, null, object);
    }

    boolean deleted() {
        return cloud == null && kubernetes == null;
    }

    /** Index key: the source keeps cloud and Kubernetes keys apart whatever a cluster is called. */
    String indexKey() {
        return indexKey(source, key);
    }

    static String indexKey(Source source, String key) {
        return (source == Source.CLOUD ? "c:" : "k:") + key;
    }
}
