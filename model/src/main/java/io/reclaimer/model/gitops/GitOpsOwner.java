package io.reclaimer.model.gitops;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.Require;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.labels.GitOpsLabels;
import java.util.Locale;
import java.util.Map;

/**
 * Who owns a workload's YAML: Argo CD, Flux, or nobody we know of. A live change to a GitOps-managed object is
 * undone by the controller's next sync (Argo CD self-heal, Flux's drift correction), so it must be made in Git.
 *
 * <p>{@code application} names the Argo CD {@code Application}, the Flux {@code Kustomization} or the Flux
 * {@code HelmRelease} (per {@code kind}), {@code applicationNamespace} its namespace when the metadata says it
 * ({@code ""} = the controller's own namespace), {@code via} the key that gave it away.
 */
public record GitOpsOwner(Tool tool, String kind, String application, String applicationNamespace, String via) {

    /** Nobody we know of manages the object. */
    public static final GitOpsOwner NONE = new GitOpsOwner(Tool.NONE, "", "", "", "");

    /** The GitOps controller, by the wire names policies use ({@code match.gitops}). */
    public enum Tool {
        ARGOCD, FLUX, NONE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Tool fromWireName(String name) {
            for (Tool tool : values()) {
                if (tool.wireName().equals(name)) {
                    return tool;
                }
            }
            throw new InvalidEventException("unknown GitOps tool '" + name + "' (argocd, flux or none)");
        }

        @Override
        public String toString() {
            return wireName();
        }
    }

    public GitOpsOwner {
        Require.present(tool, "gitops.tool");
        kind = kind == null ? "" : kind;
        application = application == null ? "" : application;
        applicationNamespace = applicationNamespace == null ? "" : applicationNamespace;
        via = via == null ? "" : via;
        if (tool != Tool.NONE) {
            Require.text(application, "gitops.application");
        }
    }

    public boolean managed() {
        return tool != Tool.NONE;
    }

    /**
     * The owner of an object from its labels and annotations (the workload's own on top of its pod template's).
     * In this order: Argo CD's tracking annotation; Flux's kustomize-controller, then helm-controller labels;
     * Argo CD's instance label unless Helm installed the object ({@code meta.helm.sh/release-name}: {@code helm
     * install} sets {@code app.kubernetes.io/instance} too, Argo CD renders charts without that annotation).
     */
    public static GitOpsOwner detect(Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        String tracking = a.get(GitOpsLabels.ARGOCD_TRACKING_ID);
        if (tracking != null && !tracking.isBlank()) {
            int colon = tracking.indexOf(':');
            String app = colon < 0 ? tracking : tracking.substring(0, colon);
            int underscore = app.indexOf('_');
            if (underscore > 0 && underscore < app.length() - 1) {
                return new GitOpsOwner(Tool.ARGOCD, "Application", app.substring(underscore + 1),
                        app.substring(0, underscore), GitOpsLabels.ARGOCD_TRACKING_ID);
            }
            if (!app.isBlank()) {
                return new GitOpsOwner(Tool.ARGOCD, "Application", app, "", GitOpsLabels.ARGOCD_TRACKING_ID);
            }
        }
        String kustomization = l.get(GitOpsLabels.FLUX_KUSTOMIZE_NAME);
        if (kustomization != null && !kustomization.isBlank()) {
            return new GitOpsOwner(Tool.FLUX, "Kustomization", kustomization,
                    l.getOrDefault(GitOpsLabels.FLUX_KUSTOMIZE_NAMESPACE, ""), GitOpsLabels.FLUX_KUSTOMIZE_NAME);
        }
        String helmRelease = l.get(GitOpsLabels.FLUX_HELM_NAME);
        if (helmRelease != null && !helmRelease.isBlank()) {
            return new GitOpsOwner(Tool.FLUX, "HelmRelease", helmRelease,
                    l.getOrDefault(GitOpsLabels.FLUX_HELM_NAMESPACE, ""), GitOpsLabels.FLUX_HELM_NAME);
        }
        String instance = l.get(GitOpsLabels.ARGOCD_INSTANCE);
        if (instance != null && !instance.isBlank() && !a.containsKey(GitOpsLabels.HELM_RELEASE_NAME)) {
            return new GitOpsOwner(Tool.ARGOCD, "Application", instance, "", GitOpsLabels.ARGOCD_INSTANCE);
        }
        return NONE;
    }

    /**
     * The owner of what a finding is about: the {@code gitops} evidence when the analysis recorded it, else
     * detected from the finding's labels and annotations (findings on PVCs, services...).
     */
    public static GitOpsOwner of(Finding finding) {
        String tool = finding.evidence().get(EVIDENCE_TOOL);
        if (tool != null) {
            try {
                Tool parsed = Tool.fromWireName(tool);
                if (parsed == Tool.NONE) {
                    return NONE;
                }
                String app = finding.evidence().getOrDefault(EVIDENCE_APPLICATION, "");
                if (!app.isBlank()) {
                    return new GitOpsOwner(parsed, finding.evidence().getOrDefault(EVIDENCE_KIND, ""), app,
                            finding.evidence().getOrDefault(EVIDENCE_NAMESPACE, ""), "evidence");
                }
            } catch (InvalidEventException e) {
                // a hand-written finding with a bad value: fall back to the metadata
            }
        }
        return detect(finding.labels(), finding.annotations());
    }

    /** Evidence keys of a finding on a GitOps-managed workload. */
    public static final String EVIDENCE_TOOL = "gitops";
    public static final String EVIDENCE_KIND = "gitopsKind";
    public static final String EVIDENCE_APPLICATION = "gitopsApplication";
    public static final String EVIDENCE_NAMESPACE = "gitopsApplicationNamespace";

    /** The evidence entries describing this owner ({@code gitops: none} when unmanaged). */
    public Map<String, String> evidence() {
        if (!managed()) {
            return Map.of(EVIDENCE_TOOL, tool.wireName());
        }
        java.util.LinkedHashMap<String, String> e = new java.util.LinkedHashMap<>();
        e.put(EVIDENCE_TOOL, tool.wireName());
        e.put(EVIDENCE_KIND, kind);
        e.put(EVIDENCE_APPLICATION, application);
        if (!applicationNamespace.isEmpty()) {
            e.put(EVIDENCE_NAMESPACE, applicationNamespace);
        }
        return e;
    }

    /** For people: {@code argocd Application argocd/shop}, {@code none}. */
    public String describe() {
        if (!managed()) {
            return "none";
        }
        return tool.wireName() + " " + kind + " " + (applicationNamespace.isEmpty() ? "" : applicationNamespace + "/")
                + application;
    }
}
