package io.reclaimer.actions.revert;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static io.reclaimer.actions.support.InMemoryJournal.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.ExecutionEngine;
import io.reclaimer.actions.execution.ExecutionListener;
import io.reclaimer.actions.execution.ExecutorRegistry;
import io.reclaimer.actions.kubernetes.ClusterFixtures;
import io.reclaimer.actions.kubernetes.DownsizeExecutor;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.ActionStore;
import io.reclaimer.actions.ledger.JournalBatch;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.metrics.ActionMetrics;
import io.reclaimer.actions.support.Guards;
import io.reclaimer.actions.support.InMemoryJournal;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An executed live change that someone undid becomes REVERTED, leaves the realized savings, and is not re-applied. */
@ExtendWith(MockApiServer.class)
class RevertWatchTest {

    static KubernetesClient client;

    private final Clock clock = Clock.systemUTC();
    private final InMemoryJournal journal = new InMemoryJournal();
    private final ActionStore store = new ActionStore(journal, new ActionLedger());
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ActionMetrics metrics = new ActionMetrics(registry, store.ledger());
    private final ExecutorRegistry live = new ExecutorRegistry(List.of(new DownsizeExecutor(cluster -> client)));
    private final ExecutionEngine engine = new ExecutionEngine(store, live, Guards.allowAll(), (point, id) -> { },
            ExecutionListener.NONE, clock);
    private final RevertWatch watch = new RevertWatch(store, live, record -> record.lastResult()
            .filter(r -> r.status() == Status.REVERTED).ifPresent(r -> metrics.action(record.request(), "reverted")), clock);

    @AfterEach
    void cleanUp() {
        client.apps().deployments().inNamespace("shop").delete();
    }

    @Test
    void requestsPutBackBySomeoneElseRevertTheActionAndItsSavingsLeaveTheTotal() {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi")).create();
        ActionRequest request = request();
        store.write(JournalBatch.of(request, AuditEvents.of(clock.instant(), "test", "requested", request.actionId(), "auto", "")));
        engine.execute(request.actionId());
        assertThat(store.ledger().realizedMonthlyUsd().get(ActionType.DOWNSIZE)).containsEntry("prod-eu", 40.0);

        watch.watch();
        assertThat(phase(request)).isEqualTo(Phase.EXECUTED);

        // Argo CD's self-heal writes the requests of Git back
        client.apps().deployments().inNamespace("shop").withName("checkout").edit(d -> {
            var resources = d.getSpec().getTemplate().getSpec().getContainers().get(1).getResources();
            resources.getRequests().put("cpu", new Quantity("500m"));
            resources.getRequests().put("memory", new Quantity("512Mi"));
            resources.getLimits().put("cpu", new Quantity("1"));
            resources.getLimits().put("memory", new Quantity("1Gi"));
            return d;
        });
        watch.watch(); // looked at a moment ago: not yet
        assertThat(phase(request)).isEqualTo(Phase.EXECUTED);
        RevertWatch later = new RevertWatch(store, live, record -> metrics.action(record.request(), "reverted"), clock);
        later.watch();

        assertThat(phase(request)).isEqualTo(Phase.REVERTED);
        assertThat(statuses(journal.results())).containsExactly(Status.STARTED, Status.EXECUTED, Status.REVERTED);
        assertThat(journal.results().get(2).reason()).startsWith("undone outside Reclaimer: the container already has its "
                + "previous requests and limits");
        assertThat(journal.audit()).anyMatch(a -> a.action().equals("reverted") && a.subject().equals(request.actionId()));
        assertThat(store.ledger().realizedMonthlyUsd()).doesNotContainKey(ActionType.DOWNSIZE);
        assertThat(registry.scrape().stream().filter(s -> s.getMetadata().getPrometheusName().equals("reclaimer_actions"))
                .flatMap(s -> s.getDataPoints().stream()).map(p -> p.getLabels().get("outcome")).toList()).contains("reverted");
        // the same change, or any other downsize of this finding, is not proposed again
        assertThat(store.ledger().wants(request, clock.instant(), java.time.Duration.ofHours(24))).isFalse();
        ActionRequest newer = new ActionRequest("downsize-2", ActionType.DOWNSIZE, request.findingId(),
                request.findingKind(), request.target(), "prod-eu", "shop", "", "", request.currentState(),
                Map.of("cpuRequestCores", "0.3", "limits", "proportional"), 30, 0.9, request.verdict(), clock.instant());
        assertThat(Reverts.blocking(store.ledger(), finding(), newer)).get().asString()
                .startsWith("downsize downsize-1 was reverted at ")
                .contains("(the workload is managed by argocd Application shop, whose sync undoes live changes)")
                .endsWith("not re-applied, to avoid a fight; change it in Git (reclaimer gitops patch, or actions.gitops "
                        + "for pull requests)");
    }

    @Test
    void aContainerChangedToSomethingElseIsNotARevert() {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi")).create();
        ActionRequest request = request();
        store.write(JournalBatch.of(request, AuditEvents.of(clock.instant(), "test", "requested", request.actionId(), "auto", "")));
        engine.execute(request.actionId());
        client.apps().deployments().inNamespace("shop").withName("checkout").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(1).getResources().getRequests().put("cpu", new Quantity("300m"));
            return d;
        });
        watch.watch();
        assertThat(phase(request)).isEqualTo(Phase.EXECUTED);
    }

    private Phase phase(ActionRequest request) {
        return store.ledger().get(request.actionId()).map(ActionRecord::phase).orElseThrow();
    }

    private Finding finding() {
        return new Finding("overprovisioned-container:prod-eu/shop/Deployment/checkout/app",
                FindingKind.OVERPROVISIONED_CONTAINER, "prod-eu/shop/Deployment/checkout/app", "Container", "app",
                "kubernetes", "prod-eu", "shop", "", "", 40, clock.instant(), clock.instant(), 0.9,
                Map.of("gitops", "argocd", "gitopsKind", "Application", "gitopsApplication", "shop"), Map.of(), Map.of(),
                Map.of());
    }

    private ActionRequest request() {
        return new ActionRequest("downsize-1", ActionType.DOWNSIZE, "overprovisioned-container:prod-eu/shop/Deployment/checkout/app",
                FindingKind.OVERPROVISIONED_CONTAINER, "prod-eu/shop/Deployment/checkout/app", "prod-eu", "shop", "", "",
                Map.of("cpuRequestCores", "0.5", "memoryRequestBytes", Long.toString(512L << 20)),
                Map.of("cpuRequestCores", "0.25", "memoryRequestBytes", Long.toString(256L << 20), "limits", "proportional"),
                40, 0.9, verdict(clock.instant(), Outcome.AUTO, Map.of()), clock.instant());
    }
}
