package io.reclaimer.model.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.gitops.GitOpsOwner.Tool;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitOpsOwnerTest {

    private static final Instant NOW = Instant.now();
    private static final ContainerRef CONTAINER = new ContainerRef("prod-eu", "shop", "Deployment", "checkout", "app");

    @Test
    void argoCdTrackingAnnotationNamesTheApplication() {
        GitOpsOwner owner = GitOpsOwner.detect(Map.of(),
                Map.of("argocd.argoproj.io/tracking-id", "shop:apps/Deployment:shop/checkout"));
        assertThat(owner).isEqualTo(new GitOpsOwner(Tool.ARGOCD, "Application", "shop", "",
                "argocd.argoproj.io/tracking-id"));
        assertThat(owner.describe()).isEqualTo("argocd Application shop");
    }

    @Test
    void argoCdApplicationsInAnyNamespaceCarryTheirNamespaceInTheTrackingId() {
        GitOpsOwner owner = GitOpsOwner.detect(Map.of(),
                Map.of("argocd.argoproj.io/tracking-id", "team-a_shop:apps/Deployment:shop/checkout"));
        assertThat(owner.application()).isEqualTo("shop");
        assertThat(owner.applicationNamespace()).isEqualTo("team-a");
    }

    @Test
    void argoCdLabelTrackingIsTheInstanceLabelUnlessHelmInstalledTheObject() {
        assertThat(GitOpsOwner.detect(Map.of("app.kubernetes.io/instance", "shop"), Map.of()).tool())
                .isEqualTo(Tool.ARGOCD);
        assertThat(GitOpsOwner.detect(Map.of("app.kubernetes.io/instance", "shop"),
                Map.of("meta.helm.sh/release-name", "shop"))).isEqualTo(GitOpsOwner.NONE);
    }

    @Test
    void fluxKustomizationAndHelmReleaseLabels() {
        GitOpsOwner kustomization = GitOpsOwner.detect(Map.of("kustomize.toolkit.fluxcd.io/name", "apps",
                "kustomize.toolkit.fluxcd.io/namespace", "flux-system"), Map.of());
        assertThat(kustomization).isEqualTo(new GitOpsOwner(Tool.FLUX, "Kustomization", "apps", "flux-system",
                "kustomize.toolkit.fluxcd.io/name"));
        // helm-controller installs with the Helm SDK: the Helm annotation does not hide Flux
        GitOpsOwner release = GitOpsOwner.detect(Map.of("helm.toolkit.fluxcd.io/name", "podinfo",
                "helm.toolkit.fluxcd.io/namespace", "apps", "app.kubernetes.io/instance", "podinfo"),
                Map.of("meta.helm.sh/release-name", "podinfo"));
        assertThat(release.tool()).isEqualTo(Tool.FLUX);
        assertThat(release.kind()).isEqualTo("HelmRelease");
        assertThat(release.describe()).isEqualTo("flux HelmRelease apps/podinfo");
    }

    @Test
    void theArgoCdAnnotationWinsOverEverythingElse() {
        GitOpsOwner owner = GitOpsOwner.detect(Map.of("kustomize.toolkit.fluxcd.io/name", "apps"),
                Map.of("argocd.argoproj.io/tracking-id", "shop:apps/Deployment:shop/checkout"));
        assertThat(owner.tool()).isEqualTo(Tool.ARGOCD);
    }

    @Test
    void plainObjectsAreUnmanaged() {
        assertThat(GitOpsOwner.detect(Map.of("app", "checkout"), Map.of())).isEqualTo(GitOpsOwner.NONE);
        assertThat(GitOpsOwner.detect(null, null).managed()).isFalse();
        assertThat(GitOpsOwner.detect(Map.of("kustomize.toolkit.fluxcd.io/name", " "), Map.of())).isEqualTo(GitOpsOwner.NONE);
    }

    @Test
    void aFindingUsesItsEvidenceElseItsMetadata() {
        Finding fromEvidence = finding(new GitOpsOwner(Tool.FLUX, "Kustomization", "apps", "flux-system", "x").evidence(),
                Map.of());
        assertThat(GitOpsOwner.of(fromEvidence).describe()).isEqualTo("flux Kustomization flux-system/apps");
        Finding fromLabels = finding(Map.of(), Map.of("app.kubernetes.io/instance", "shop"));
        assertThat(GitOpsOwner.of(fromLabels).tool()).isEqualTo(Tool.ARGOCD);
        assertThat(GitOpsOwner.of(finding(Map.of("gitops", "none"), Map.of("app.kubernetes.io/instance", "shop"))))
                .isEqualTo(GitOpsOwner.NONE);
    }

    @Test
    void theToolHasWireNames() {
        assertThat(Tool.fromWireName("argocd")).isEqualTo(Tool.ARGOCD);
        assertThatThrownBy(() -> Tool.fromWireName("argo")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("argocd, flux or none");
    }

    @Test
    void workloadRecordsCarryTheOwnerAndOlderRecordsWithoutItAreDetectedOnRead() {
        JsonSerde<WorkloadContainerSpec> serde = JsonSerde.of(WorkloadContainerSpec.class);
        WorkloadContainerSpec spec = new WorkloadContainerSpec(CONTAINER, 2, new ResourceAmounts(0.5, 1L << 30), null,
                WorkloadContainerSpec.QosClass.BURSTABLE, "", null, null, Map.of("kustomize.toolkit.fluxcd.io/name", "apps"),
                Map.of(), NOW);
        String json = serde.writeString(spec);
        assertThat(json).contains("\"gitops\":{\"tool\":\"flux\",\"kind\":\"Kustomization\",\"application\":\"apps\"");
        assertThat(serde.read(bytes(json))).isEqualTo(spec);

        String before = json.replaceAll(",\"gitops\":\\{[^}]*}", "");
        assertThat(before).doesNotContain("gitops");
        assertThat(serde.read(bytes(before)).gitops().tool()).isEqualTo(Tool.FLUX);
    }

    @Test
    void recommendationsCarryTheOwnerAndOlderRecordsWithoutItAreDetectedOnRead() {
        JsonSerde<Recommendation> serde = JsonSerde.of(Recommendation.class);
        Recommendation rec = new Recommendation(CONTAINER, "vpa", new Recommendation.Cpu(0.5, 0.2, 0.1, 0.4),
                new Recommendation.Memory(512L << 20, 300L << 20, 250L << 20, 400L << 20), 0.8, 42.5, 3,
                false, false, false, 1000, NOW, NOW, NOW, Map.of(),
                Map.of("argocd.argoproj.io/tracking-id", "shop:apps/Deployment:shop/checkout"));
        String json = serde.writeString(rec);
        assertThat(json).contains("\"gitops\":{\"tool\":\"argocd\"");
        assertThat(serde.read(bytes(json))).isEqualTo(rec);
        Recommendation old = serde.read(bytes(json.replaceAll(",\"gitops\":\\{[^}]*}", "")));
        assertThat(old.gitops().application()).isEqualTo("shop");
    }

    @Test
    void anUnknownToolIsABadRecord() {
        JsonSerde<Recommendation> serde = JsonSerde.of(Recommendation.class);
        Recommendation rec = new Recommendation(CONTAINER, "vpa", new Recommendation.Cpu(0.5, 0.2, 0.1, 0.4),
                new Recommendation.Memory(512L << 20, 300L << 20, 250L << 20, 400L << 20), 0.8, 42.5, 3,
                false, false, false, 1000, NOW, NOW, NOW, Map.of(), Map.of());
        String json = serde.writeString(rec).replace("\"tool\":\"none\"", "\"tool\":\"jenkins\"");
        assertThatThrownBy(() -> serde.read(bytes(json))).hasMessageContaining("jenkins");
    }

    private static Finding finding(Map<String, String> evidence, Map<String, String> labels) {
        return new Finding(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, CONTAINER.key()),
                FindingKind.OVERPROVISIONED_CONTAINER, CONTAINER.key(), "Container", "app", "kubernetes", "prod-eu",
                "shop", "", "", 10, NOW, NOW, 0.9, evidence, labels, Map.of(), Map.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
