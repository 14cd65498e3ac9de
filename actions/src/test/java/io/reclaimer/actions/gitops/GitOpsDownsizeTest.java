package io.reclaimer.actions.gitops;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static io.reclaimer.actions.support.InMemoryJournal.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.kubernetes.ClusterFixtures;
import io.reclaimer.actions.kubernetes.DownsizeExecutor;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.support.Guards;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A downsize of a GitOps-managed workload becomes a pull request (PROPOSED_IN_GIT), EXECUTED once the cluster shows
 * it, REJECTED when the pull request is closed unmerged; an unmanaged workload is still downsized live. Fabric8's
 * mock server in CRUD mode holds the workloads and the Argo CD / Flux objects.
 */
@ExtendWith(MockApiServer.class)
class GitOpsDownsizeTest {

    static KubernetesClient client;

    private final Clock clock = Clock.systemUTC();
    private final InMemoryJournal journal = new InMemoryJournal();
    private final ActionStore store = new ActionStore(journal, new ActionLedger());
    private final RecordingChangeRequests changes = new RecordingChangeRequests();
    private final DownsizeExecutor live = new DownsizeExecutor(cluster -> client);
    private final GitOpsSources sources = new GitOpsSources("argocd", Map.of());
    private final ExecutionEngine engine = new ExecutionEngine(store, new ExecutorRegistry(List.of(
            new GitOpsDownsizeExecutor(live, cluster -> client, sources, changes), live)), Guards.allowAll(),
            (point, id) -> { }, ExecutionListener.NONE, clock);
    private final GitOpsTracker tracker = new GitOpsTracker(store, live, changes, ExecutionListener.NONE, clock);

    /** The port, recording what it was asked; the GitHub implementation is tested in the gitops module. */
    static final class RecordingChangeRequests implements ChangeRequests {
        final List<Change> proposed = new ArrayList<>();
        State state = State.OPEN;

        @Override
        public Proposal propose(Change change) {
            proposed.add(change);
            return new Proposal(7, "https://github.com/acme/shop-deploy/pull/7", "reclaimer/" + change.actionId(), false);
        }

        @Override
        public State state(String repoUrl, int number) {
            assertThat(repoUrl).isEqualTo("https://github.com/acme/shop-deploy.git");
            assertThat(number).isEqualTo(7);
            return state;
        }
    }

    @AfterEach
    void cleanUp() {
        client.apps().deployments().inNamespace("shop").delete();
        client.genericKubernetesResources(context("argoproj.io", "v1alpha1", "Application")).inNamespace("argocd").delete();
        client.genericKubernetesResources(context("kustomize.toolkit.fluxcd.io", "v1", "Kustomization"))
                .inNamespace("flux-system").delete();
        client.genericKubernetesResources(context("source.toolkit.fluxcd.io", "v1", "GitRepository"))
                .inNamespace("flux-system").delete();
    }

    @Test
    void anArgoCdManagedDownsizeIsAPullRequestUntilTheClusterShowsIt() {
        client.resource(managed(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi"),
                "argocd.argoproj.io/tracking-id", "shop:apps/Deployment:shop/checkout")).create();
        client.genericKubernetesResources(context("argoproj.io", "v1alpha1", "Application")).inNamespace("argocd")
                .resource(application()).create();
        ActionRequest request = request();
        store.write(JournalBatch.of(request, io.reclaimer.actions.audit.AuditEvents.of(clock.instant(), "test", "requested", request.actionId(), "auto", "")));

        engine.execute(request.actionId());

        assertThat(store.ledger().get(request.actionId()).orElseThrow().phase()).isEqualTo(Phase.PROPOSED_IN_GIT);
        assertThat(changes.proposed).singleElement().satisfies(c -> {
            assertThat(c.source()).isEqualTo(new ChangeRequests.Source("https://github.com/acme/shop-deploy.git",
                    "apps/shop/overlays/prod", "main"));
            assertThat(c.cpuRequestCores()).isEqualTo("0.25");
            assertThat(c.memoryRequestBytes()).isEqualTo(Long.toString(256L << 20));
            assertThat(c.limits()).isEqualTo("proportional");
            assertThat(c.body()).contains("| requests.cpu | 500m | 250m |", "about 40.00 USD/month",
                    "rule `test-rule`", "- rule test-rule selects this finding: auto",
                    "managed by argocd Application shop (argocd.argoproj.io/tracking-id)");
        });
        // nothing changed live: the controller would undo it
        assertThat(cpuRequest()).isEqualTo("500m");
        assertThat(journal.results().get(journal.results().size() - 1).newState())
                .containsEntry("pullRequestUrl", "https://github.com/acme/shop-deploy/pull/7")
                .containsEntry("requests.cpu", "250m");
        assertThat(store.ledger().realizedMonthlyUsd()).isEmpty();

        tracker.track();
        assertThat(store.ledger().get(request.actionId()).orElseThrow().phase()).isEqualTo(Phase.PROPOSED_IN_GIT);

        // merged, and Argo CD synced the new requests
        changes.state = ChangeRequests.State.MERGED;
        tracker.track();
        assertThat(journal.audit()).anyMatch(a -> a.action().equals("pull-request-merged"));
        client.apps().deployments().inNamespace("shop").withName("checkout").edit(d -> {
            var resources = d.getSpec().getTemplate().getSpec().getContainers().get(1).getResources();
            resources.getRequests().put("cpu", new Quantity("250m"));
            resources.getRequests().put("memory", new Quantity("256Mi"));
            return d;
        });
        tracker.track();

        assertThat(statuses(journal.results())).containsExactly(Status.STARTED, Status.PROPOSED_IN_GIT, Status.EXECUTED);
        assertThat(store.ledger().realizedMonthlyUsd().get(ActionType.DOWNSIZE)).containsEntry("prod-eu", 40.0);
        // a change made in Git is undone in Git
        assertThat(engine.rollback(request.actionId(), "cli:ops").lastResult().orElseThrow().reason())
                .contains("revert that pull request");
        assertThat(cpuRequest()).isEqualTo("250m");
    }

    @Test
    void aPullRequestClosedWithoutMergingRejectsTheAction() {
        client.resource(managed(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi"),
                "argocd.argoproj.io/tracking-id", "shop:apps/Deployment:shop/checkout")).create();
        client.genericKubernetesResources(context("argoproj.io", "v1alpha1", "Application")).inNamespace("argocd")
                .resource(application()).create();
        ActionRequest request = request();
        store.write(JournalBatch.of(request, io.reclaimer.actions.audit.AuditEvents.of(clock.instant(), "test", "requested", request.actionId(), "auto", "")));
        engine.execute(request.actionId());

        changes.state = ChangeRequests.State.CLOSED;
        tracker.track();

        assertThat(store.ledger().get(request.actionId()).orElseThrow().phase()).isEqualTo(Phase.REJECTED);
        assertThat(journal.results().get(journal.results().size() - 1).reason())
                .isEqualTo("https://github.com/acme/shop-deploy/pull/7 was closed without merging");
        // the same proposal is not made again
        assertThat(store.ledger().wants(request, clock.instant(), java.time.Duration.ofHours(24))).isFalse();
    }

    @Test
    void aFluxManagedWorkloadResolvesItsRepositoryThroughKustomizationAndGitRepository() {
        client.resource(managed(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", null, null),
                "kustomize.toolkit.fluxcd.io/name", "apps")).create();
        client.genericKubernetesResources(context("kustomize.toolkit.fluxcd.io", "v1", "Kustomization"))
                .inNamespace("flux-system")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("kustomize.toolkit.fluxcd.io/v1")
                        .withKind("Kustomization").withNewMetadata().withName("apps").withNamespace("flux-system")
                        .endMetadata().addToAdditionalProperties("spec", Map.of("path", "./clusters/prod/apps",
                                "interval", "10m", "prune", true, "sourceRef", Map.of("kind", "GitRepository",
                                        "name", "fleet"))).build()).create();
        client.genericKubernetesResources(context("source.toolkit.fluxcd.io", "v1", "GitRepository"))
                .inNamespace("flux-system")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("source.toolkit.fluxcd.io/v1")
                        .withKind("GitRepository").withNewMetadata().withName("fleet").withNamespace("flux-system")
                        .endMetadata().addToAdditionalProperties("spec", Map.of("url",
                                "https://github.com/acme/shop-deploy.git", "interval", "1m",
                                "ref", Map.of("branch", "production"))).build()).create();
        ActionRequest request = request();
        store.write(JournalBatch.of(request, io.reclaimer.actions.audit.AuditEvents.of(clock.instant(), "test", "requested", request.actionId(), "auto", "")));

        engine.execute(request.actionId());

        assertThat(changes.proposed).singleElement().extracting(ChangeRequests.Change::source).isEqualTo(
                new ChangeRequests.Source("https://github.com/acme/shop-deploy.git", "clusters/prod/apps", "production"));
    }

    @Test
    void anUnmanagedWorkloadIsStillDownsizedLive() {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi")).create();
        ActionRequest request = request();
        store.write(JournalBatch.of(request, io.reclaimer.actions.audit.AuditEvents.of(clock.instant(), "test", "requested", request.actionId(), "auto", "")));

        engine.execute(request.actionId());

        assertThat(changes.proposed).isEmpty();
        assertThat(statuses(journal.results())).containsExactly(Status.STARTED, Status.EXECUTED);
        assertThat(cpuRequest()).isEqualTo("250m");
    }

    @Test
    void aManagedWorkloadWhoseRepositoryCannotBeFoundFailsWithTheReason() {
        client.resource(managed(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi"),
                "argocd.argoproj.io/tracking-id", "billing:apps/Deployment:shop/checkout")).create();
        ActionRequest request = request();
        store.write(JournalBatch.of(request, io.reclaimer.actions.audit.AuditEvents.of(clock.instant(), "test", "requested", request.actionId(), "auto", "")));

        engine.execute(request.actionId());

        assertThat(store.ledger().get(request.actionId()).orElseThrow().phase()).isEqualTo(Phase.FAILED);
        assertThat(journal.results().get(journal.results().size() - 1).reason()).contains(
                "Argo CD Application argocd/billing not found: configure its repository in actions.gitops.repositories");
        assertThat(cpuRequest()).isEqualTo("500m");
    }

    private static io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext context(String group, String version,
                                                                                         String kind) {
        return new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder().withGroup(group)
                .withVersion(version).withKind(kind).withPlural(kind.toLowerCase() + "s").withNamespaced(true).build();
    }

    private String cpuRequest() {
        Deployment d = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        return d.getSpec().getTemplate().getSpec().getContainers().get(1).getResources().getRequests().get("cpu").toString();
    }

    private static Deployment managed(Deployment deployment, String key, String value) {
        if (key.startsWith("argocd")) {
            deployment.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(key, value)));
        } else {
            // Flux labels both the Kustomization's name and namespace
            deployment.getMetadata().setLabels(new java.util.HashMap<>(Map.of(key, value,
                    key.replace("/name", "/namespace"), "flux-system")));
        }
        return deployment;
    }

    private static GenericKubernetesResource application() {
        return new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1").withKind("Application")
                .withNewMetadata().withName("shop").withNamespace("argocd").endMetadata()
                .addToAdditionalProperties("spec", Map.of("project", "default", "source", Map.of(
                        "repoURL", "https://github.com/acme/shop-deploy.git", "path", "apps/shop/overlays/prod",
                        "targetRevision", "main"), "destination", Map.of("server", "https://kubernetes.default.svc",
                        "namespace", "shop"), "syncPolicy", Map.of("automated", Map.of("selfHeal", true))))
                .build();
    }

    private ActionRequest request() {
        return new ActionRequest("downsize-1", ActionType.DOWNSIZE, "overprovisioned-container:prod-eu/shop/Deployment/checkout/app",
                FindingKind.OVERPROVISIONED_CONTAINER, "prod-eu/shop/Deployment/checkout/app", "prod-eu", "shop", "", "",
                Map.of("cpuRequestCores", "0.5", "memoryRequestBytes", Long.toString(512L << 20)),
                Map.of("cpuRequestCores", "0.25", "memoryRequestBytes", Long.toString(256L << 20), "limits", "proportional"),
                40, 0.9, verdict(clock.instant(), Outcome.AUTO, Map.of()), clock.instant());
    }
}
