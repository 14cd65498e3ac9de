package io.reclaimer.model;

/**
 * Identity of any other Kubernetes object: {@code cluster/namespace/Kind/name}, with an empty namespace
 * segment for cluster-scoped objects ({@code prod-eu//Node/ip-10-0-1-7}).
 */
public record ObjectRef(String cluster, String namespace, String kind, String name) {

    public ObjectRef {
        Require.segment(cluster, "cluster");
        namespace = namespace == null ? "" : namespace;
        if (namespace.indexOf('/') >= 0) {
            throw new InvalidEventException("namespace must not contain '/': " + namespace);
        }
        Require.segment(kind, "kind");
        Require.segment(name, "name");
    }

    public static ObjectRef clusterScoped(String cluster, String kind, String name) {
        return new ObjectRef(cluster, "", kind, name);
    }

    public boolean namespaced() {
        return !namespace.isEmpty();
    }

    public String key() {
        return cluster + '/' + namespace + '/' + kind + '/' + name;
    }

    public static ObjectRef parse(String key) {
        String[] parts = Require.text(key, "key").split("/", -1);
        if (parts.length != 4) {
            throw new InvalidEventException("object key must be cluster/namespace/kind/name: " + key);
        }
        return new ObjectRef(parts[0], parts[1], parts[2], parts[3]);
    }

    @Override
    public String toString() {
        return key();
    }
}
