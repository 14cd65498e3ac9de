package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** Objects for the fabric8 CRUD mock server. */
public final class ClusterFixtures {

    private ClusterFixtures() {
    }

    public static Map<String, Quantity> quantities(String cpu, String memory) {
        Map<String, Quantity> map = new LinkedHashMap<>();
        if (cpu != null) {
            map.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            map.put("memory", new Quantity(memory));
        }
        return map;
    }

    public static Deployment deployment(String namespace, String name, int replicas, String cpu, String memory,
                                        String cpuLimit, String memoryLimit) {
        var resources = new ResourceRequirementsBuilder().withRequests(quantities(cpu, memory));
        if (cpuLimit != null || memoryLimit != null) {
            resources.withLimits(quantities(cpuLimit, memoryLimit));
        }
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addToContainers(new ContainerBuilder().withName("sidecar").withImage("envoy").build())
                .addToContainers(new ContainerBuilder().withName("app").withImage("shop/" + name)
                        .withResources(resources.build()).build())
                .endSpec().endTemplate().endSpec().build();
    }

    public static StatefulSet statefulSet(String namespace, String name, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name).withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addToContainers(new ContainerBuilder().withName("db").withImage("postgres").build())
                .endSpec().endTemplate().endSpec().build();
    }

    public static CronJob cronJob(String namespace, String name) {
        return new CronJobBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withSchedule("*/5 * * * *").withSuspend(false).withNewJobTemplate().withNewSpec()
                .withNewTemplate().withNewSpec().addToContainers(new ContainerBuilder().withName("job").withImage("batch")
                        .build()).withRestartPolicy("Never").endSpec().endTemplate().endSpec().endJobTemplate().endSpec()
                .build();
    }

    public static HorizontalPodAutoscaler hpa(String namespace, String name, String target, int min, int max) {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(target)
                .endScaleTargetRef().withMinReplicas(min).withMaxReplicas(max).endSpec().build();
    }

    public static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
}
