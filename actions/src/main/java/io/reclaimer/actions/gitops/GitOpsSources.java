package io.reclaimer.actions.gitops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.model.gitops.GitOpsOwner;
import java.util.List;
import java.util.Map;

/**
 * Resolves the Git repository of a GitOps-managed workload from the controller's own objects, read as generic
 * resources (no CRD classes needed): an Argo CD {@code Application}'s {@code spec.source} (repoURL, path,
 * targetRevision), or a Flux {@code Kustomization}'s {@code spec.path} and the {@code GitRepository} its
 * {@code spec.sourceRef} names (url, ref.branch). A configured repository ({@code actions.gitops.repositories},
 * keyed {@code argocd:NAMESPACE/NAME} or {@code flux:NAMESPACE/NAME}) wins over both.
 */
final class GitOpsSources {

    private final String argoCdNamespace;
    private final Map<String, ChangeRequests.Source> configured;

    GitOpsSources(String argoCdNamespace, Map<String, ChangeRequests.Source> configured) {
        this.argoCdNamespace = argoCdNamespace == null || argoCdNamespace.isBlank() ? "argocd" : argoCdNamespace;
        this.configured = configured == null ? Map.of() : Map.copyOf(configured);
    }

    /** The key of an owner in {@code actions.gitops.repositories}. */
    public String key(GitOpsOwner owner, String workloadNamespace) {
        return owner.tool().wireName() + ":" + namespace(owner, workloadNamespace) + "/" + owner.application();
    }

    public ChangeRequests.Source resolve(KubernetesClient client, GitOpsOwner owner, String workloadNamespace)
            throws ActionFailedException {
        ChangeRequests.Source fromConfig = configured.get(key(owner, workloadNamespace));
        if (fromConfig != null) {
            return fromConfig;
        }
        String namespace = namespace(owner, workloadNamespace);
        return switch (owner.tool()) {
            case ARGOCD -> argoCd(client, namespace, owner.application());
            case FLUX -> flux(client, owner, namespace);
            case NONE -> throw new ActionFailedException("the workload is not GitOps-managed");
        };
    }

    private String namespace(GitOpsOwner owner, String workloadNamespace) {
        if (!owner.applicationNamespace().isEmpty()) {
            return owner.applicationNamespace();
        }
        // Argo CD Applications live in its own namespace; Flux labels always name theirs
        return owner.tool() == GitOpsOwner.Tool.ARGOCD ? argoCdNamespace : workloadNamespace;
    }

    private static ChangeRequests.Source argoCd(KubernetesClient client, String namespace, String name)
            throws ActionFailedException {
        GenericKubernetesResource app = Resources.get(client, "argoproj.io/v1alpha1", "Application",
                namespace, name);
        if (app == null) {
            throw new ActionFailedException("Argo CD Application " + namespace + "/" + name + " not found: configure its "
                    + "repository in actions.gitops.repositories (argocd:" + namespace + "/" + name + ")");
        }
        Map<String, Object> spec = map(app.getAdditionalProperties().get("spec"));
        Map<String, Object> source = map(spec.get("source"));
        if (source.isEmpty() && spec.get("sources") instanceof List<?> sources) {
            List<Map<String, Object>> git = sources.stream().map(GitOpsSources::map).filter(s -> s.get("path") != null).toList();
            if (git.size() != 1) {
                throw new ActionFailedException("Argo CD Application " + namespace + "/" + name + " has " + git.size()
                        + " Git sources with a path: configure the one to edit in actions.gitops.repositories");
            }
            source = git.get(0);
        }
        if (source.get("chart") != null || source.get("repoURL") == null) {
            throw new ActionFailedException("Argo CD Application " + namespace + "/" + name + " does not render from a "
                    + "Git path (a Helm repository chart?): configure the repository in actions.gitops.repositories");
        }
        return new ChangeRequests.Source(String.valueOf(source.get("repoURL")), text(source.get("path")),
                text(source.get("targetRevision")));
    }

    private static ChangeRequests.Source flux(KubernetesClient client, GitOpsOwner owner, String namespace)
            throws ActionFailedException {
        if (!"Kustomization".equals(owner.kind())) {
            throw new ActionFailedException("Flux " + owner.kind() + " " + namespace + "/" + owner.application()
                    + ": its values live in the HelmRelease, configure the repository in actions.gitops.repositories");
        }
        GenericKubernetesResource kustomization = Resources.get(client, "kustomize.toolkit.fluxcd.io/v1",
                "Kustomization", namespace, owner.application());
        if (kustomization == null) {
            throw new ActionFailedException("Flux Kustomization " + namespace + "/" + owner.application() + " not found");
        }
        Map<String, Object> spec = map(kustomization.getAdditionalProperties().get("spec"));
        Map<String, Object> sourceRef = map(spec.get("sourceRef"));
        if (!"GitRepository".equals(sourceRef.get("kind"))) {
            throw new ActionFailedException("Flux Kustomization " + namespace + "/" + owner.application() + " renders from a "
                    + sourceRef.get("kind") + ", not a GitRepository: configure the repository in actions.gitops.repositories");
        }
        String sourceNamespace = sourceRef.get("namespace") == null ? namespace : String.valueOf(sourceRef.get("namespace"));
        GenericKubernetesResource repository = Resources.get(client, "source.toolkit.fluxcd.io/v1", "GitRepository",
                sourceNamespace, String.valueOf(sourceRef.get("name")));
        if (repository == null) {
            throw new ActionFailedException("Flux GitRepository " + sourceNamespace + "/" + sourceRef.get("name") + " not found");
        }
        Map<String, Object> repoSpec = map(repository.getAdditionalProperties().get("spec"));
        return new ChangeRequests.Source(text(repoSpec.get("url")), text(spec.get("path")),
                text(map(repoSpec.get("ref")).get("branch")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).replaceFirst("^\\./", "");
    }
}
