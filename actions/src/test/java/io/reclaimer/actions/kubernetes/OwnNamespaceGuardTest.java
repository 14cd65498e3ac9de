package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.StandardExecutors;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.ActionAbortedException;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.Confirmation;
import io.reclaimer.actions.execution.OwnNamespaceGuard;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The namespace Reclaimer runs in (POD_NAMESPACE) is never acted on, whatever it is called. */
@ExtendWith(MockApiServer.class)
class OwnNamespaceGuardTest {

    static KubernetesClient client;

    private static ActionRequest downsize(String namespace) {
        return new ActionRequest("downsize-" + namespace, ActionType.DOWNSIZE, "f", FindingKind.OVERPROVISIONED_CONTAINER,
                "prod-eu/" + namespace + "/Deployment/streams/app", "prod-eu", namespace, "", "",
                Map.of("cpuRequestCores", "0.5"), Map.of("cpuRequestCores", "0.25", "limits", "proportional"), 40, 0.9,
                verdict(Outcome.AUTO, Map.of()), T0);
    }

    private static List<ActionExecutor> executors(OwnNamespaceGuard guard) {
        return StandardExecutors.of(ActionsConfig.DEFAULTS, cluster -> client,
                new ScheduleController(cluster -> client, Clock.systemUTC()), null, guard);
    }

    private static ActionExecutor downsizer(List<ActionExecutor> executors) {
        return executors.stream().filter(e -> e.handles(ActionType.DOWNSIZE, FindingKind.OVERPROVISIONED_CONTAINER))
                .findFirst().orElseThrow();
    }

    private static String cpuRequest(String namespace) {
        return client.apps().deployments().inNamespace(namespace).withName("streams").get().getSpec().getTemplate().getSpec()
                .getContainers().get(1).getResources().getRequests().get("cpu").toString();
    }

    @Test
    void anActionInTheNamespaceReclaimerRunsInIsRefusedAtTheReCheckAndAtTheChange() throws Exception {
        client.resource(ClusterFixtures.deployment("platform-finops", "streams", 2, "500m", null, null, null)).create();
        ActionExecutor executor = downsizer(executors(OwnNamespaceGuard.fromEnvironment(
                Map.of(OwnNamespaceGuard.ENVIRONMENT_VARIABLE, "platform-finops"))));
        ActionRequest request = downsize("platform-finops");

        Check check = executor.check(request);

        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).contains("platform-finops", "never acted on");
        assertThatThrownBy(() -> executor.apply(request, Check.original(Map.of(), Map.of())))
                .isInstanceOf(ActionAbortedException.class).hasMessageContaining("platform-finops");
        assertThatThrownBy(() -> executor.apply(request, Check.original(Map.of(), Map.of()), Confirmation.NONE))
                .as("the engine's entry point").isInstanceOf(ActionAbortedException.class);
        assertThat(cpuRequest("platform-finops")).isEqualTo("500m");
    }

    @Test
    void everyOtherNamespaceIsActedOnAsBefore() throws Exception {
        client.resource(ClusterFixtures.deployment("shop", "streams", 2, "500m", null, null, null)).create();
        ActionExecutor executor = downsizer(executors(OwnNamespaceGuard.of("platform-finops")));
        ActionRequest request = downsize("shop");

        Check check = executor.check(request);
        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
        executor.apply(request, check);

        assertThat(cpuRequest("shop")).isEqualTo("250m");
    }

    @Test
    void aGuardedExecutorKeepsItsOwnLastLookBeforeAnIrreversibleStep() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Confirmation> seen = new java.util.concurrent.atomic.AtomicReference<>();
        ActionExecutor delegate = new ActionExecutor() {
            @Override
            public boolean handles(ActionType type, FindingKind kind) {
                return true;
            }

            @Override
            public Check check(ActionRequest request) {
                return Check.original(Map.of(), Map.of());
            }

            @Override
            public Map<String, String> apply(ActionRequest request, Check check) {
                throw new AssertionError("the engine's apply with a last look must reach the executor's own");
            }

            @Override
            public Map<String, String> apply(ActionRequest request, Check check, Confirmation lastLook) {
                seen.set(lastLook);
                return Map.of("state", "done");
            }
        };
        Confirmation lastLook = observed -> { };
        ActionExecutor guarded = OwnNamespaceGuard.of("platform-finops").guard(List.of(delegate)).get(0);

        assertThat(guarded.apply(downsize("shop"), Check.original(Map.of(), Map.of()), lastLook)).containsEntry("state", "done");
        assertThat(seen.get()).isSameAs(lastLook);
    }

    @Test
    void everyShippedExecutorIsGuardedAndNothingIsProtectedWithoutPodNamespace() {
        OwnNamespaceGuard guard = OwnNamespaceGuard.of("reclaimer");
        ActionRequest request = downsize("reclaimer");

        assertThat(executors(guard)).isNotEmpty().allSatisfy(executor ->
                assertThat(executor.check(request).reason()).contains("never acted on"));
        assertThat(OwnNamespaceGuard.fromEnvironment(Map.of()).namespace()).isEmpty();
        assertThat(OwnNamespaceGuard.fromEnvironment(Map.of()).refusal(request)).isEmpty();
    }
}
