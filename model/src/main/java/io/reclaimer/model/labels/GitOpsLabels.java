package io.reclaimer.model.labels;

/**
 * The label and annotation keys GitOps controllers put on what they apply, which Reclaimer reads to know who
 * owns a workload's YAML (see {@link io.reclaimer.model.gitops.GitOpsOwner#detect}). They are the controllers'
 * keys, not ours: {@link ReclaimerLabels} holds the ones Reclaimer writes.
 */
public final class GitOpsLabels {

    private GitOpsLabels() {
    }

    /**
     * Argo CD annotation tracking (the default since Argo CD 3.0):
     * {@code <app>:<group>/<kind>:<namespace>/<name>}, {@code <app>} being {@code <app-namespace>_<name>} for an
     * Application outside Argo CD's own namespace.
     */
    public static final String ARGOCD_TRACKING_ID = "argocd.argoproj.io/tracking-id";
    /** Argo CD label tracking (the default before 3.0): the Application's name. Helm sets it too, see below. */
    public static final String ARGOCD_INSTANCE = "app.kubernetes.io/instance";

    /** Set by Helm on everything a release installs ({@code helm install}); Argo CD renders charts without it. */
    public static final String HELM_RELEASE_NAME = "meta.helm.sh/release-name";

    /** Flux kustomize-controller: the Kustomization that applied the object, and its namespace. */
    public static final String FLUX_KUSTOMIZE_NAME = "kustomize.toolkit.fluxcd.io/name";
    public static final String FLUX_KUSTOMIZE_NAMESPACE = "kustomize.toolkit.fluxcd.io/namespace";

    /** Flux helm-controller: the HelmRelease that installed the object, and its namespace. */
    public static final String FLUX_HELM_NAME = "helm.toolkit.fluxcd.io/name";
    public static final String FLUX_HELM_NAMESPACE = "helm.toolkit.fluxcd.io/namespace";
}
