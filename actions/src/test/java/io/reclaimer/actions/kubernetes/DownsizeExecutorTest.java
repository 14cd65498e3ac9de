package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MockApiServer.class)
class DownsizeExecutorTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        client.apps().deployments().inNamespace("shop").delete();
    }

    /**
     * A real API server answers a failed JSON Patch {@code test} with 422; the CRUD mock leaves the request
     * unanswered (the exception escapes its handler), so this client gives up after a second instead of ten.
     */
    private static KubernetesClient noRetry;

    private DownsizeExecutor executor() {
        if (noRetry == null) {
            noRetry = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                            .withMasterUrl(client.getMasterUrl().toString()).withTrustCerts(true)
                            .withRequestRetryBackoffLimit(0).withRequestTimeout(1500).build()).build();
        }
        return new DownsizeExecutor(cluster -> noRetry);
    }

    private static ActionRequest downsize(String cpuNow, String cpuTo, String memNow, String memTo, String limits) {
        Map<String, String> current = new java.util.LinkedHashMap<>();
        Map<String, String> proposed = new java.util.LinkedHashMap<>();
        if (cpuTo != null) {
            current.put("cpuRequestCores", cpuNow);
            proposed.put("cpuRequestCores", cpuTo);
        }
        if (memTo != null) {
            current.put("memoryRequestBytes", memNow);
            proposed.put("memoryRequestBytes", memTo);
        }
        proposed.put("limits", limits);
        return new ActionRequest("downsize-1", ActionType.DOWNSIZE, "f", FindingKind.OVERPROVISIONED_CONTAINER,
                "prod-eu/shop/Deployment/checkout/app", "prod-eu", "shop", "", "", current, proposed, 40, 0.9,
                verdict(Outcome.AUTO, Map.of()), T0);
    }

    private Container app() {
        Deployment d = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("app"))
                .findFirst().orElseThrow();
    }

    @Test
    void patchesRequestsAndScalesLimitsProportionallyAndRecordsThePreviousValues() throws Exception {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi")).create();
        ActionRequest request = downsize("0.5", "0.25", String.valueOf(512L << 20), String.valueOf(256L << 20), "proportional");

        Check check = executor().check(request);
        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
        assertThat(check.previousState()).containsEntry("requests.cpu", "500m").containsEntry("requests.memory", "512Mi")
                .containsEntry("limits.cpu", "1").containsEntry("limits.memory", "1Gi");
        Map<String, String> after = executor().apply(request, check);

        assertThat(app().getResources().getRequests()).containsEntry("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
                .containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"));
        assertThat(app().getResources().getLimits()).containsEntry("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                .containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi"));
        assertThat(after).containsEntry("requests.cpu", "250m").containsEntry("limits.memory", "512Mi");
        assertThat(client.apps().deployments().inNamespace("shop").withName("checkout").get().getMetadata()
                .getAnnotations()).containsEntry("reclaimer.io/last-action", "downsize-1");
        assertThat(executor().check(request).state()).isEqualTo(Check.State.DONE);
    }

    @Test
    void theJsonPatchTestsTheContainerAndEveryValueItReplaces() {
        Deployment deployment = ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", null);
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(1);
        DownsizeExecutor.Target target = new DownsizeExecutor.Target(
                io.reclaimer.model.ContainerRef.parse("prod-eu/shop/Deployment/checkout/app"), null, deployment, 1, app);
        Map<String, String> before = DownsizeExecutor.observe(app);
        Map<String, String> after = DownsizeExecutor.planned(downsize("0.5", "0.25", null, null, "proportional"), before);

        String patch = DownsizeExecutor.patch(target, before, after, "downsize-1").json();

        String container = "/spec/template/spec/containers/1";
        assertThat(patch).isEqualTo("[{\"op\":\"test\",\"path\":\"" + container + "/name\",\"value\":\"app\"},"
                + "{\"op\":\"test\",\"path\":\"" + container + "/resources/requests/cpu\",\"value\":\"500m\"},"
                + "{\"op\":\"replace\",\"path\":\"" + container + "/resources/requests/cpu\",\"value\":\"250m\"},"
                + "{\"op\":\"test\",\"path\":\"" + container + "/resources/limits/cpu\",\"value\":\"1\"},"
                + "{\"op\":\"replace\",\"path\":\"" + container + "/resources/limits/cpu\",\"value\":\"500m\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations/reclaimer.io~1last-action\",\"value\":\"downsize-1\"}]");
    }

    @Test
    void dropsTheCpuLimitWhenThePolicySaysSo() throws Exception {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", "1Gi")).create();
        ActionRequest request = downsize("0.5", "0.25", null, null, "drop-cpu");
        executor().apply(request, executor().check(request));
        assertThat(app().getResources().getLimits()).doesNotContainKey("cpu").containsKey("memory");
    }

    @Test
    void abortsWhenSomeoneChangedTheRequestSinceTheProposal() throws Exception {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "300m", "512Mi", null, null)).create();
        Check check = executor().check(downsize("0.5", "0.25", null, null, "keep"));
        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).isEqualTo("cpuRequestCores is 0.3, the request expected 0.5 (changed by someone else)");
    }

    @Test
    void aDeploymentCreatedAgainUnderTheSameNameIsNotDownsized() throws Exception {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", null, null)).create();
        String uid = client.apps().deployments().inNamespace("shop").withName("checkout").get().getMetadata().getUid();
        ActionRequest priced = downsize("0.5", "0.25", null, null, "keep")
                .withIdentity(new TargetIdentity.Kubernetes("prod-eu", "shop", "Deployment", "checkout", uid));
        ActionRequest stale = downsize("0.5", "0.25", null, null, "keep")
                .withIdentity(new TargetIdentity.Kubernetes("prod-eu", "shop", "Deployment", "checkout", "uid-deleted-since"));

        assertThat(executor().check(priced).state()).isEqualTo(Check.State.ORIGINAL);
        Check check = executor().check(stale);
        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).contains("Deployment checkout has uid " + uid + ", the finding priced uid uid-deleted-since");
        assertThat(app().getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
    }

    @Test
    void reportsAWorkloadOrContainerThatIsGone() throws Exception {
        assertThat(executor().check(downsize("0.5", "0.25", null, null, "keep")).reason())
                .isEqualTo("prod-eu/shop/Deployment/checkout no longer exists");
    }

    @Test
    void rollbackRestoresTheExactPreviousQuantitiesAndRefusesAfterAnotherChange() throws Exception {
        client.resource(ClusterFixtures.deployment("shop", "checkout", 3, "500m", "512Mi", "1", null)).create();
        ActionRequest request = downsize("0.5", "0.25", String.valueOf(512L << 20), String.valueOf(256L << 20), "drop-cpu");
        Check check = executor().check(request);
        Map<String, String> after = executor().apply(request, check);
        ActionResult executed = new ActionResult("downsize-1", ActionResult.Status.EXECUTED, "", check.previousState(),
                after, T0);

        assertThat(executor().checkRollback(request, executed).state()).isEqualTo(Check.State.ORIGINAL);
        executor().rollback(request, executed);

        assertThat(app().getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(app().getResources().getRequests().get("memory").toString()).isEqualTo("512Mi");
        assertThat(app().getResources().getLimits().get("cpu").toString()).isEqualTo("1");
        assertThat(executor().checkRollback(request, executed).state()).isEqualTo(Check.State.DONE);

        // the rollback marks the workload: nothing downsizes it again until a person removes the annotation
        Check marked = executor().check(request);
        assertThat(marked.state()).isEqualTo(Check.State.CHANGED);
        assertThat(marked.reason()).startsWith("a rollback of action downsize-1 restored it (annotation "
                + "reclaimer.io/restored-from-action)");
        client.apps().deployments().inNamespace("shop").withName("checkout").edit(d -> {
            d.getMetadata().getAnnotations().remove("reclaimer.io/restored-from-action");
            return d;
        });
        executor().apply(request, executor().check(request));
        client.apps().deployments().inNamespace("shop").withName("checkout").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(1).getResources().getRequests()
                    .put("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"));
            return d;
        });
        assertThat(executor().checkRollback(request, executed).state()).isEqualTo(Check.State.CHANGED);
    }
}
