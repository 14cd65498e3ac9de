package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The executor's RBAC grants exactly the API calls the executors make: every executor runs its whole cycle
 * (re-check, apply, rollback re-check, rollback; a schedule's sleep and wake) against a Kubernetes API server,
 * every request it sends is recorded and mapped to its RBAC verb and resource, and the roles of the kustomize
 * base, its orphan-cleanup component, the Helm chart and the stand-alone ClusterRole must grant that and
 * nothing more (as IamPolicyTest does for the AWS collector).
 */
@ExtendWith(MockApiServer.class)
class ExecutorRbacTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Instant MONDAY_NIGHT = Instant.parse("2026-11-23T21:00:00Z");

    static KubernetesClient client;
    static KubernetesMockServer server;

    /** Each executor cycle runs once per class: the fixtures live on the class's one API server. */
    private static Set<String> workloadCalls;
    private static Set<String> orphanCalls;

    @Test
    void theExecutorRoleGrantsExactlyWhatDownsizesAndSchedulesCall() throws Exception {
        Set<String> called = workloadExecutorCalls();

        assertThat(grants(role(DEPLOY.resolve("kubernetes/base/agent/executor-rbac.yaml")))).isEqualTo(called);
        assertThat(grants(rules(DEPLOY.resolve("helm/reclaimer/files/rbac/executor-rules.yaml")))).isEqualTo(called);
    }

    @Test
    void theOrphanCleanupRoleGrantsWhatDeletesAndMarksCallBeyondTheExecutorRoleAndNothingUnused() throws Exception {
        Set<String> called = orphanExecutorCalls();
        Set<String> base = grants(role(DEPLOY.resolve("kubernetes/base/agent/executor-rbac.yaml")));

        for (Set<String> cleanup : List.of(grants(role(DEPLOY.resolve("kubernetes/components/orphan-cleanup/orphan-cleanup-rbac.yaml"))),
                grants(rules(DEPLOY.resolve("helm/reclaimer/files/rbac/orphan-cleanup-rules.yaml"))))) {
            Set<String> together = new TreeSet<>(base);
            together.addAll(cleanup);
            assertThat(together).as("every call of the delete and mark executors is granted").containsAll(called);
            assertThat(called).as("every grant of the orphan-cleanup role is used").containsAll(cleanup);
        }
    }

    @Test
    void theStandAloneActionsRoleGrantsExactlyWhatAllKubernetesExecutorsCall() throws Exception {
        Set<String> called = new TreeSet<>(workloadExecutorCalls());
        called.addAll(orphanExecutorCalls());

        assertThat(grants(role(DEPLOY.resolve("kubernetes/actions-clusterrole.yaml")))).isEqualTo(called);
    }

    @Test
    void requestsMapToTheirRbacVerbAndResource() {
        assertThat(RbacRequests.permission("GET", "/apis/apps/v1/namespaces/shop/deployments/checkout")).isEqualTo("get apps/deployments");
        assertThat(RbacRequests.permission("GET", "/apis/apps/v1/namespaces/shop/deployments")).isEqualTo("list apps/deployments");
        assertThat(RbacRequests.permission("GET", "/apis/apps/v1/deployments?watch=true")).isEqualTo("watch apps/deployments");
        assertThat(RbacRequests.permission("PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout/scale"))
                .isEqualTo("patch apps/deployments/scale");
        assertThat(RbacRequests.permission("PATCH", "/api/v1/namespaces/shop")).isEqualTo("patch namespaces");
        assertThat(RbacRequests.permission("GET", "/api/v1/namespaces")).isEqualTo("list namespaces");
        assertThat(RbacRequests.permission("DELETE", "/api/v1/persistentvolumes/pv-1")).isEqualTo("delete persistentvolumes");
        assertThat(RbacRequests.permission("POST", "/api/v1/namespaces/shop/persistentvolumeclaims"))
                .isEqualTo("create persistentvolumeclaims");
    }

    // ---- the executors' calls

    private static synchronized Set<String> workloadExecutorCalls() throws Exception {
        if (workloadCalls == null) {
            workloadCalls = runWorkloadExecutors();
        }
        return workloadCalls;
    }

    private static synchronized Set<String> orphanExecutorCalls() throws Exception {
        if (orphanCalls == null) {
            orphanCalls = runOrphanExecutors();
        }
        return orphanCalls;
    }

    /**
     * The executors' client: no retries and a short timeout, because the CRUD mock leaves a request it cannot
     * handle unanswered instead of answering an error.
     */
    private static KubernetesClusters clusters() {
        KubernetesClient executors = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                        .withMasterUrl(client.getMasterUrl().toString()).withTrustCerts(true)
                        .withRequestRetryBackoffLimit(0).withRequestTimeout(30_000).build()).build();
        return cluster -> executors;
    }

    private static Set<String> runWorkloadExecutors() throws Exception {
        KubernetesClusters clusters = clusters();
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi")).create();
        client.resource(statefulSetWithResources()).create();
        client.resource(daemonSet()).create();
        MutableClock clock = new MutableClock(MONDAY_NIGHT);
        ScheduleController controller = new ScheduleController(clusters, clock);
        ScheduleExecutor schedule = new ScheduleExecutor(clusters, controller);
        ClusterFixtures.namespace(client, "team-a");
        client.resource(ClusterFixtures.deployment("team-a", "web", 3, "100m", "128Mi", null, null)).create();
        client.resource(ClusterFixtures.statefulSet("team-a", "db", 1)).create();
        client.resource(ClusterFixtures.cronJob("team-a", "report")).create();
        client.resource(ClusterFixtures.hpa("team-a", "web", "web", 2, 4)).create();

        return recorded(() -> {
            DownsizeExecutor downsize = new DownsizeExecutor(clusters);
            for (String target : List.of("prod-eu/shop/Deployment/checkout/app", "prod-eu/shop/StatefulSet/ledger/app",
                    "prod-eu/shop/DaemonSet/agent/app")) {
                cycle(downsize, new ActionRequest("downsize-" + target.hashCode(), ActionType.DOWNSIZE, "f",
                        FindingKind.OVERPROVISIONED_CONTAINER, target, "prod-eu", "shop", "", "",
                        Map.of("cpuRequestCores", "0.5", "memoryRequestBytes", String.valueOf(512L << 20)),
                        Map.of("cpuRequestCores", "0.25", "memoryRequestBytes", String.valueOf(256L << 20), "limits", "proportional"),
                        40, 0.9, verdict(Outcome.AUTO, Map.of()), T0));
            }
            ActionRequest sleep = new ActionRequest("schedule-team-a", ActionType.SCHEDULE, "f", FindingKind.OFF_HOURS_SCHEDULE,
                    "prod-eu//Namespace/team-a", "prod-eu", "team-a", "", "", Map.of("schedule", "none"),
                    Map.of("scheduleWindow", "Mon-Fri 07:00-20:00", "timeZone", "UTC"), 120, null,
                    verdict(Outcome.AUTO, Map.of()), MONDAY_NIGHT);
            Check check = schedule.check(sleep);
            Map<String, String> after = schedule.apply(sleep, check);
            clock.advance(Duration.ofHours(12));
            controller.reconcile("prod-eu", "team-a", sleep.actionId());
            clock.advance(Duration.ofHours(12));
            controller.reconcile("prod-eu", "team-a", sleep.actionId());
            ActionResult executed = new ActionResult(sleep.actionId(), ActionResult.Status.EXECUTED, "", check.previousState(),
                    after, T0);
            schedule.checkRollback(sleep, executed);
            schedule.rollback(sleep, executed);
        });
    }

    private static Set<String> runOrphanExecutors() throws Exception {
        KubernetesClusters clusters = clusters();
        ClusterFixtures.namespace(client, "reports");
        claimOnVolume("reports", "data", "pv-data");
        client.resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv-old").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("50Gi"))).withPersistentVolumeReclaimPolicy("Delete")
                .withNewCsi().withDriver("ebs.csi.aws.com").withVolumeHandle("vol-0old").endCsi().endSpec()
                .withNewStatus().withPhase("Released").endStatus().build()).create();
        claimOnVolume("reports", "marked", "pv-marked");
        client.resource(new ServiceBuilder().withNewMetadata().withName("legacy").withNamespace("reports").endMetadata()
                .withNewSpec().addToSelector("app", "gone").endSpec().build()).create();

        // the requests are built (with the objects' uids) before recording: only the executors' calls count
        Map<String, String> marking = Map.of("markKey", "reclaimer.io/marked-for-op", "markValue", "delete@2026-12-01");
        List<ActionRequest> deletes = List.of(
                request(ActionType.DELETE, FindingKind.UNUSED_PVC, "prod-eu/reports/PersistentVolumeClaim/data", Map.of()),
                request(ActionType.DELETE, FindingKind.RELEASED_PV, "prod-eu//PersistentVolume/pv-old", Map.of()));
        List<ActionRequest> marks = List.of(
                request(ActionType.MARK_FOR_OP, FindingKind.UNUSED_PVC, "prod-eu/reports/PersistentVolumeClaim/marked", marking),
                request(ActionType.MARK_FOR_OP, FindingKind.RELEASED_PV, "prod-eu//PersistentVolume/pv-marked", marking),
                request(ActionType.MARK_FOR_OP, FindingKind.SERVICE_WITHOUT_ENDPOINTS, "prod-eu/reports/Service/legacy", marking),
                request(ActionType.MARK_FOR_OP, FindingKind.IDLE_NAMESPACE, "prod-eu//Namespace/reports", marking));
        return recorded(() -> {
            VolumeClaimDeleteExecutor delete = new VolumeClaimDeleteExecutor(clusters);
            for (ActionRequest request : deletes) {
                cycle(delete, request);
            }
            KubernetesMarkExecutor mark = new KubernetesMarkExecutor(clusters);
            for (ActionRequest request : marks) {
                cycle(mark, request);
            }
        });
    }

    /** A request for the object as it exists now: it carries the object's uid, as the collector reports it. */
    private static ActionRequest request(ActionType type, FindingKind kind, String target, Map<String, String> proposed) {
        Map<String, String> state = new HashMap<>(Map.of("state", "deleted"));
        state.putAll(proposed);
        String[] parts = target.split("/");
        String namespace = parts[1];
        String objectKind = parts[2];
        String name = parts[3];
        var resources = client.genericKubernetesResources("v1", objectKind);
        var object = namespace.isEmpty() ? resources.withName(name).get() : resources.inNamespace(namespace).withName(name).get();
        return new ActionRequest(type + "-" + target.hashCode(), type, "f", kind, target, "prod-eu", "", "", "", Map.of(),
                state, 5, null, verdict(Outcome.AUTO, Map.of()), T0)
                .withIdentity(new io.reclaimer.model.TargetIdentity.Kubernetes("prod-eu", namespace, objectKind, name,
                        object.getMetadata().getUid()));
    }

    /** The executor's whole cycle: re-check, apply, re-check before rollback, rollback. */
    private static void cycle(ActionExecutor executor, ActionRequest request) throws Exception {
        Check check = executor.check(request);
        assertThat(check.state()).as(request.target()).isEqualTo(Check.State.ORIGINAL);
        Map<String, String> after = executor.apply(request, check);
        ActionResult executed = new ActionResult(request.actionId(), ActionResult.Status.EXECUTED, "", check.previousState(),
                after, T0);
        assertThat(executor.checkRollback(request, executed).state()).as(request.target()).isEqualTo(Check.State.ORIGINAL);
        executor.rollback(request, executed);
    }

    private interface Work {
        void run() throws Exception;
    }

    /** The permissions of the requests {@code work} sends (the fixtures' own requests are drained first). */
    private static Set<String> recorded(Work work) throws Exception {
        drain(request -> { });
        work.run();
        Set<String> permissions = new TreeSet<>();
        drain(request -> permissions.add(RbacRequests.permission(request.getMethod(), request.getPath())));
        assertThat(permissions).as("the executors reached the API server").isNotEmpty();
        return permissions;
    }

    private static void drain(java.util.function.Consumer<RecordedRequest> sink) throws InterruptedException {
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            sink.accept(request);
        }
    }

    // ---- the roles

    private static ClusterRole role(Path file) throws Exception {
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(Files.readAllBytes(file))).items();
        return objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast).findFirst().orElseThrow();
    }

    /** A rules list as the Helm chart keeps it (the body of a ClusterRole's {@code rules:}). */
    private static ClusterRole rules(Path file) throws Exception {
        String yaml = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: chart\nrules:\n"
                + Files.readString(file);
        return role(yaml);
    }

    private static ClusterRole role(String yaml) {
        return (ClusterRole) client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items().get(0);
    }

    private static Set<String> grants(ClusterRole role) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource);
                    }
                }
            }
        }
        return grants;
    }

    // ---- fixtures

    private static HasMetadata statefulSetWithResources() {
        var set = ClusterFixtures.statefulSet("shop", "ledger", 2);
        set.getSpec().getTemplate().getSpec().getContainers().get(0).setName("app");
        set.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(
                new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                        .withRequests(ClusterFixtures.quantities("500m", "512Mi")).build());
        return set;
    }

    private static HasMetadata daemonSet() {
        Map<String, Quantity> requests = new LinkedHashMap<>(ClusterFixtures.quantities("500m", "512Mi"));
        return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("shop").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", "agent").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("agent").withNewResources().withRequests(requests).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static void claimOnVolume(String namespace, String claim, String volume) {
        client.resource(new PersistentVolumeBuilder().withNewMetadata().withName(volume).endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("10Gi"))).withPersistentVolumeReclaimPolicy("Delete")
                .withNewCsi().withDriver("ebs.csi.aws.com").withVolumeHandle("vol-0" + volume.hashCode()).endCsi()
                .withNewClaimRef().withNamespace(namespace).withName(claim).withUid("uid-" + claim).endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build()).create();
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(claim).withNamespace(namespace)
                .endMetadata().withNewSpec().withVolumeName(volume).withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("10Gi")).endResources().endSpec().withNewStatus().withPhase("Bound")
                .endStatus().build()).create();
    }
}
