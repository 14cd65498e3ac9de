package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.ActionFailedException;

/** The Kubernetes client for a cluster named in a finding. */
@FunctionalInterface
public interface KubernetesClusters {

    /** The client of {@code cluster}; {@link ActionFailedException} when this service cannot reach it. */
    KubernetesClient client(String cluster) throws ActionFailedException;
}
