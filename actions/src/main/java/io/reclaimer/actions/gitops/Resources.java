package io.reclaimer.actions.gitops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;

/**
 * Objects read as generic resources with their API coordinates spelled out, so no discovery call is needed
 * (and no CRD class): Argo CD and Flux objects, and workloads of any kind.
 */
final class Resources {

    private Resources() {
    }

    static GenericKubernetesResource get(KubernetesClient client, String apiVersion, String kind, String namespace,
                                         String name) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                .withKind(kind).withPlural(kind.toLowerCase(Locale.ROOT) + (kind.endsWith("s") ? "es" : "s"))
                .withNamespaced(true).build();
        return client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get();
    }
}
