package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Downsizes that respect the workload: a JVM keeps heap + overhead, a CronJob's job template is edited. */
@ExtendWith(MockApiServer.class)
class WorkloadAwareDownsizeTest {

    static KubernetesClient client;

    private final DownsizeExecutor executor = new DownsizeExecutor(cluster -> client);

    @AfterEach
    void cleanUp() {
        client.apps().deployments().inNamespace("shop").delete();
        client.batch().v1().cronjobs().inNamespace("shop").delete();
    }

    @Test
    void aJvmNeverGetsLessMemoryThanItsHeapPlusOverhead() throws Exception {
        Deployment d = ClusterFixtures.deployment("shop", "checkout", 3, "500m", "2Gi", null, "2Gi");
        d.getSpec().getTemplate().getSpec().getContainers().get(1).setEnv(List.of(new EnvVar("JAVA_TOOL_OPTIONS",
                "-XX:+UseG1GC -Xmx768m", null)));
        client.resource(d).create();
        // the recommendation saw 300Mi of usage: the heap alone is 768Mi
        ActionRequest request = downsize("Deployment", "checkout", "0.5", "0.25", Long.toString(2L << 30),
                Long.toString(300L << 20));

        Check check = executor.check(request);

        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
        // 768Mi + max(256Mi, 25 %) = 1Gi
        assertThat(check.plannedState()).containsEntry("requests.memory", "1Gi").containsEntry("limits.memory", "1Gi")
                .containsEntry("requests.cpu", "250m");
        executor.apply(request, check);
        assertThat(executor.check(request).state()).as("after the change the floor counts as the proposal")
                .isEqualTo(Check.State.DONE);
        assertThat(client.apps().deployments().inNamespace("shop").withName("checkout").get().getSpec().getTemplate()
                .getSpec().getContainers().get(1).getResources().getRequests().get("memory").toString()).isEqualTo("1Gi");
    }

    @Test
    void aJvmWithNoMemoryAboveItsFloorKeepsItsMemoryAndAMemoryOnlyDownsizeIsRefused() throws Exception {
        Deployment d = ClusterFixtures.deployment("shop", "checkout", 3, "500m", "1Gi", null, "1Gi");
        d.getSpec().getTemplate().getSpec().getContainers().get(1).setArgs(List.of("-XX:MaxRAMPercentage=75.0", "-jar",
                "app.jar"));
        client.resource(d).create();

        Check memoryOnly = executor.check(downsize("Deployment", "checkout", null, null, Long.toString(1L << 30),
                Long.toString(512L << 20)));
        assertThat(memoryOnly.state()).isEqualTo(Check.State.CHANGED);
        assertThat(memoryOnly.reason()).isEqualTo("nothing left to downsize: the JVM needs 1Gi (heap from "
                + "-XX:MaxRAMPercentage=75.0 in args of the 1073741824-byte limit + overhead), no less than the current request");

        Check both = executor.check(downsize("Deployment", "checkout", "0.5", "0.25", Long.toString(1L << 30),
                Long.toString(512L << 20)));
        assertThat(both.plannedState()).containsEntry("requests.memory", "1Gi").containsEntry("requests.cpu", "250m");
    }

    @Test
    void aCronJobsJobTemplateIsDownsizedForItsNextRun() throws Exception {
        CronJob job = ClusterFixtures.cronJob("shop", "nightly-export");
        job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().setContainers(List.of(new ContainerBuilder()
                .withName("job").withImage("batch").withResources(new ResourceRequirementsBuilder()
                        .withRequests(ClusterFixtures.quantities("2", "4Gi"))
                        .withLimits(ClusterFixtures.quantities(null, "4Gi")).build()).build()));
        client.resource(job).create();
        ActionRequest request = downsize("CronJob", "nightly-export", "2", "0.5", Long.toString(4L << 30),
                Long.toString(1L << 30));

        Check check = executor.check(request);
        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
        executor.apply(request, check);

        var resources = client.batch().v1().cronjobs().inNamespace("shop").withName("nightly-export").get().getSpec()
                .getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(resources.getRequests().get("memory").toString()).isEqualTo("1Gi");
        assertThat(resources.getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(executor.check(request).state()).isEqualTo(Check.State.DONE);
    }

    private static ActionRequest downsize(String kind, String name, String cpuNow, String cpuTo, String memNow,
                                          String memTo) {
        Map<String, String> current = new java.util.LinkedHashMap<>();
        Map<String, String> proposed = new java.util.LinkedHashMap<>();
        if (cpuTo != null) {
            current.put("cpuRequestCores", cpuNow);
            proposed.put("cpuRequestCores", cpuTo);
        }
        current.put("memoryRequestBytes", memNow);
        proposed.put("memoryRequestBytes", memTo);
        proposed.put("limits", "proportional");
        String container = kind.equals("CronJob") ? "job" : "app";
        return new ActionRequest("downsize-1", ActionType.DOWNSIZE, "f", FindingKind.OVERPROVISIONED_CONTAINER,
                "prod-eu/shop/" + kind + "/" + name + "/" + container, "prod-eu", "shop", "", "", current, proposed, 40,
                0.9, verdict(Outcome.AUTO, Map.of()), T0);
    }
}
