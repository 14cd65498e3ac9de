package io.reclaimer.gitops.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.gitops.patch.PatchReport.Status;
import io.reclaimer.model.rightsizing.RequestPlan.Limits;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits of real repositories in the three layouts: exact diffs, comments and order kept, one place or none. */
class GitOpsPatcherTest {

    private static final long MI = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void plainMultiDocumentManifestsChangeOnlyTheScalarsThatMove() throws Exception {
        Path repo = TempRepo.create(dir, "plain");
        String before = Files.readString(repo.resolve("deploy/shop.yaml"));
        PatchReport report = GitOpsPatcher.plan(repo, null, List.of(
                change("shop", "Deployment", "checkout", "envoy", "0.1", 128 * MI)), options(Limits.PROPORTIONAL));

        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.CHANGED);
            assertThat(o.where()).isEqualTo("manifest deploy/shop.yaml:32");
            assertThat(o.message()).isEqualTo("requests.cpu 500m -> 100m, requests.memory 256Mi -> 128Mi");
        });
        assertThat(report.diff()).isEqualTo("""
                --- a/deploy/shop.yaml
                +++ b/deploy/shop.yaml
                @@ -32,7 +32,7 @@
                         - name: envoy
                           image: envoyproxy/envoy:v1.30
                           resources:
                -            requests: {cpu: 500m, memory: 256Mi}
                +            requests: {cpu: 100m, memory: 128Mi}
                 ---
                 apiVersion: v1
                 kind: ConfigMap
                """);
        report.write();
        assertThat(Files.readString(repo.resolve("deploy/shop.yaml")))
                .isEqualTo(before.replace("{cpu: 500m, memory: 256Mi}", "{cpu: 100m, memory: 128Mi}"));
    }

    @Test
    void limitsFollowTheRequestsQuotesAndCommentsStayAndAJvmKeepsHeapPlusOverhead() throws Exception {
        Path repo = TempRepo.create(dir, "plain");
        PatchReport report = GitOpsPatcher.plan(repo, null, List.of(
                change("shop", "Deployment", "checkout", "app", "0.5", 512 * MI)), options(Limits.PROPORTIONAL));

        // -Xmx768m: the heap needs 768Mi + max(256Mi, 25 %) = 1Gi, whatever the recommendation says
        assertThat(report.outcomes()).singleElement().extracting(PatchReport.Outcome::message).isEqualTo(
                "requests.cpu 2 -> 500m, requests.memory 4Gi -> 1Gi, limits.cpu 4 -> 1, limits.memory 4Gi -> 1Gi, "
                        + "memory kept at the JVM floor 1Gi (heap + overhead)");
        assertThat(report.diff()).isEqualTo("""
                --- a/deploy/shop.yaml
                +++ b/deploy/shop.yaml
                @@ -24,11 +24,11 @@
                           args: ["-Xmx768m", "-jar", "/app.jar"]   # a JVM: never below heap + overhead
                           resources:
                             requests:
                -              cpu: "2"          # sized for the launch, never revisited
                -              memory: 4Gi
                +              cpu: "500m"          # sized for the launch, never revisited
                +              memory: 1Gi
                             limits:
                -              cpu: '4'
                -              memory: 4Gi
                +              cpu: '1'
                +              memory: 1Gi
                         - name: envoy
                           image: envoyproxy/envoy:v1.30
                           resources:
                """);
    }

    @Test
    void dropCpuRemovesTheCpuLimitLineAndKeepLeavesLimitsAlone() throws Exception {
        Path repo = TempRepo.create(dir, "plain");
        PatchReport drop = GitOpsPatcher.plan(repo, null, List.of(
                change("shop", "Deployment", "checkout", "app", "1", 2048 * MI)), options(Limits.DROP_CPU));
        assertThat(drop.diff()).contains("""
                -              cpu: "2"          # sized for the launch, never revisited
                -              memory: 4Gi
                +              cpu: "1"          # sized for the launch, never revisited
                +              memory: 2Gi
                             limits:
                -              cpu: '4'
                               memory: 4Gi
                """);
        PatchReport keep = GitOpsPatcher.plan(repo, null, List.of(
                change("shop", "Deployment", "checkout", "app", "1", 2048 * MI)), options(Limits.KEEP));
        assertThat(keep.diff()).doesNotContain("limits:\n-").doesNotContain("-              cpu: '4'");
    }

    @Test
    void theKustomizeOverlayPatchWinsOverItsBaseAndTheNamespacePicksTheOverlay() throws Exception {
        Path repo = TempRepo.create(dir, "kustomize");
        PatchReport report = GitOpsPatcher.plan(repo, null, List.of(
                change("shop-prod", "Deployment", "cart", "app", "0.75", 2048 * MI),
                change("shop-staging", "Deployment", "cart", "app", "0.25", 512 * MI)), options(Limits.PROPORTIONAL));

        assertThat(report.outcomes()).extracting(Object::toString).containsExactly(
                "shop-prod/Deployment/cart/app: changed in kustomize patch overlays/prod/resources.yaml:9: "
                        + "requests.cpu 1500m -> 750m, requests.memory 3Gi -> 2Gi, limits.memory 3Gi -> 2Gi",
                "shop-staging/Deployment/cart/app: changed in manifest base/deployment.yaml:9: "
                        + "requests.cpu 1 -> 250m, requests.memory 1Gi -> 512Mi, limits.memory 1Gi -> 512Mi");
        assertThat(report.diff()).isEqualTo("""
                --- a/overlays/prod/resources.yaml
                +++ b/overlays/prod/resources.yaml
                @@ -9,7 +9,7 @@
                         - name: app
                           resources:
                             requests:
                -              cpu: 1500m   # black friday, 2025
                -              memory: 3Gi
                +              cpu: 750m   # black friday, 2025
                +              memory: 2Gi
                             limits:
                -              memory: 3Gi
                +              memory: 2Gi
                --- a/base/deployment.yaml
                +++ b/base/deployment.yaml
                @@ -10,7 +10,7 @@
                           image: shop/cart:2.0.0
                           resources:
                             requests:
                -              cpu: 1
                -              memory: 1Gi
                +              cpu: 250m
                +              memory: 512Mi
                             limits:
                -              memory: 1Gi
                +              memory: 512Mi
                """);
    }

    @Test
    void aContainerFoundInSeveralPlacesOrNowhereIsReportedAndLeftAlone() {
        Path repo = TempRepo.create(dir, "kustomize");
        PatchReport report = GitOpsPatcher.plan(repo, null, List.of(
                change("", "Deployment", "cart", "app", "0.5", 512 * MI),
                change("shop-prod", "Deployment", "cart", "sidecar", "0.5", 512 * MI),
                change("shop-prod", "StatefulSet", "cart", "app", "0.5", 512 * MI)), options(Limits.PROPORTIONAL));

        assertThat(report.outcomes()).extracting(PatchReport.Outcome::status).containsOnly(Status.SKIPPED);
        assertThat(report.outcomes().get(0).message()).isEqualTo("more than one place defines Deployment/cart/app: "
                + "overlays/prod/resources.yaml:9, base/deployment.yaml:9 (narrow it with --path, the directory the "
                + "GitOps tool renders)");
        assertThat(report.outcomes().get(1).message()).startsWith("no manifest, kustomize patch or values mapping for "
                + "shop-prod/Deployment/cart/sidecar below the repository root");
        assertThat(report.files()).isEmpty();
    }

    @Test
    void pathNarrowsTheSearchToTheDirectoryTheGitOpsToolRenders() {
        Path repo = TempRepo.create(dir, "kustomize");
        PatchReport report = GitOpsPatcher.plan(repo, Path.of("overlays/prod"), List.of(
                change("", "Deployment", "cart", "app", "0.75", 2048 * MI)), options(Limits.PROPORTIONAL));
        assertThat(report.outcomes()).singleElement().extracting(PatchReport.Outcome::status).isEqualTo(Status.CHANGED);
        assertThat(report.changedPaths()).containsExactly("overlays/prod/resources.yaml");
    }

    @Test
    void helmValuesAreEditedWhereTheAnnotationPoints() throws Exception {
        Path repo = TempRepo.create(dir, "helm");
        ContainerChange search = new ContainerChange("prod-eu", "shop", "Deployment", "search", "search",
                new BigDecimal("0.6"), BigDecimal.valueOf(4096 * MI), Map.of("reclaimer.io/values-path",
                "values.yaml#search.resources"), List.of());
        PatchReport report = GitOpsPatcher.plan(repo, Path.of("charts/search"), List.of(search),
                options(Limits.PROPORTIONAL));

        assertThat(report.outcomes()).extracting(Object::toString).containsExactly("shop/Deployment/search/search: "
                + "changed in Helm values charts/search/values.yaml:8: requests.cpu 1000m -> 600m, "
                + "requests.memory 6Gi -> 4Gi, limits.cpu 2000m -> 1200m, limits.memory 6Gi -> 4Gi");
        assertThat(report.diff()).isEqualTo("""
                --- a/charts/search/values.yaml
                +++ b/charts/search/values.yaml
                @@ -6,8 +6,8 @@
                   # requests and limits of the search container
                   resources:
                     limits:
                -      cpu: 2000m
                -      memory: "6Gi"
                +      cpu: 1200m
                +      memory: "4Gi"
                     requests:
                -      cpu: 1000m
                -      memory: "6Gi"
                +      cpu: 600m
                +      memory: "4Gi"
                """);
        assertThat(report.warnings()).containsExactly(
                "not YAML, skipped (templates?): charts/search/templates/deployment.yaml");
    }

    @Test
    void aConfiguredMappingNamesTheValuesWhenTheWorkloadHasNoAnnotation() {
        Path repo = TempRepo.create(dir, "helm");
        PatchReport report = GitOpsPatcher.plan(repo, Path.of("charts/search"), List.of(
                change("shop", "Deployment", "search", "search", "0.6", 4096 * MI)), new GitOpsPatcher.Options(
                Limits.KEEP, Map.of("shop/Deployment/search", "values.yaml#search.resources")));
        assertThat(report.changedPaths()).containsExactly("charts/search/values.yaml");
        PatchReport missing = GitOpsPatcher.plan(repo, Path.of("charts/search"), List.of(
                change("shop", "Deployment", "search", "search", "0.6", 4096 * MI)), new GitOpsPatcher.Options(
                Limits.KEEP, Map.of("search", "values.yaml#search.resource")));
        assertThat(missing.outcomes()).singleElement().extracting(Object::toString).isEqualTo(
                "shop/Deployment/search/search: skipped: values path 'values.yaml#search.resource': no 'resource' in "
                        + "charts/search/values.yaml");
    }

    @Test
    void aRequestAlreadyAtTheRecommendationIsUnchanged() {
        Path repo = TempRepo.create(dir, "plain");
        PatchReport report = GitOpsPatcher.plan(repo, null, List.of(
                change("shop", "Deployment", "checkout", "envoy", "0.5", 256 * MI)), options(Limits.PROPORTIONAL));
        assertThat(report.outcomes()).singleElement().extracting(PatchReport.Outcome::status).isEqualTo(Status.UNCHANGED);
        assertThat(report.diff()).isEmpty();
    }

    private static ContainerChange change(String namespace, String kind, String name, String container, String cpu,
                                          long memory) {
        return new ContainerChange("prod-eu", namespace, kind, name, container, new BigDecimal(cpu),
                BigDecimal.valueOf(memory), Map.of(), List.of());
    }

    private static GitOpsPatcher.Options options(Limits limits) {
        return new GitOpsPatcher.Options(limits, Map.of());
    }
}
