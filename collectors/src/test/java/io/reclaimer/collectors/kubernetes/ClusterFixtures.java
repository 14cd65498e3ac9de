package io.reclaimer.collectors.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Real Kubernetes objects as controllers and the kubelet would leave them, for the mock API server. */
public final class ClusterFixtures {

    public static final String NS = "shop";

    private ClusterFixtures() {
    }

    public static Node node(String name, String instanceType, Map<String, String> extraLabels) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("node.kubernetes.io/instance-type", instanceType)
                .addToLabels("topology.kubernetes.io/region", "us-east-1")
                .addToLabels("topology.kubernetes.io/zone", "us-east-1a")
                .addToLabels(extraLabels).endMetadata()
                .withNewStatus().addToCapacity("cpu", new Quantity("2")).addToCapacity("memory", new Quantity("8Gi"))
                .addToAllocatable("cpu", new Quantity("1930m")).addToAllocatable("memory", new Quantity("7Gi"))
                .endStatus().build();
    }

    public static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).addToLabels("team", "checkout")
                .addToAnnotations("reclaimer.io/owner", "checkout@example.com").endMetadata().build();
    }

    public static PodSpec podSpec(String container, String cpuRequest, String memoryRequest, String cpuLimit,
                                  String memoryLimit) {
        var resources = new ResourceRequirementsBuilder();
        if (cpuRequest != null) {
            resources.addToRequests("cpu", new Quantity(cpuRequest));
        }
        if (memoryRequest != null) {
            resources.addToRequests("memory", new Quantity(memoryRequest));
        }
        if (cpuLimit != null) {
            resources.addToLimits("cpu", new Quantity(cpuLimit));
        }
        if (memoryLimit != null) {
            resources.addToLimits("memory", new Quantity(memoryLimit));
        }
        return new PodSpecBuilder().withContainers(new ContainerBuilder().withName(container).withImage("example/" + container)
                .addNewEnv().withName("MODE").withValue("production").endEnv()
                .withResources(resources.build()).build()).build();
    }

    public static PodTemplateSpec template(String app, PodSpec spec) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata().withSpec(spec).build();
    }

    public static Deployment deployment(String name, int replicas, PodSpec spec) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid())
                .addToLabels("team", "checkout").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(template(name, spec)).endSpec().build();
    }

    public static ReplicaSet replicaSet(String name, HasMetadata owner, PodSpec spec) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid())
                .withOwnerReferences(owner == null ? List.of() : List.of(ownerRef(owner))).endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(template(name, spec)).endSpec().build();
    }

    public static StatefulSet statefulSet(String name, int replicas, PodSpec spec) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid()).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name).withNewSelector().addToMatchLabels("app", name)
                .endSelector().withTemplate(template(name, spec)).endSpec().build();
    }

    public static DaemonSet daemonSet(String name, PodSpec spec) {
        return new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid()).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(template(name, spec)).endSpec().build();
    }

    public static CronJob cronJob(String name, PodSpec spec) {
        return new CronJobBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid()).endMetadata()
                .withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec()
                .withTemplate(template(name, spec)).endSpec().endJobTemplate().endSpec().build();
    }

    public static Job job(String name, HasMetadata owner, PodSpec spec) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid())
                .withOwnerReferences(owner == null ? List.of() : List.of(ownerRef(owner))).endMetadata().withNewSpec().withTemplate(template(name, spec)).endSpec().build();
    }

    public static Pod pod(String name, HasMetadata owner, String nodeName, PodSpec spec) {
        var builder = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid())
                .addToLabels("app", name).endMetadata()
                .withSpec(new PodSpecBuilder(spec).withNodeName(nodeName).build())
                .withNewStatus().withPhase("Running").endStatus();
        if (owner != null) {
            builder.editMetadata().withOwnerReferences(ownerRef(owner)).endMetadata();
        }
        return builder.build();
    }

    public static Pod oomKilled(Pod pod, String container, int restarts, String finishedAt) {
        return new PodBuilder(pod).editStatus().addNewContainerStatus().withName(container).withRestartCount(restarts)
                .withReady(true).withImage("example/" + container).withNewLastState().withNewTerminated()
                .withReason("OOMKilled").withExitCode(137).withFinishedAt(finishedAt).endTerminated().endLastState()
                .endContainerStatus().endStatus().build();
    }

    public static HorizontalPodAutoscaler hpa(String name, String kind, String target, MetricSpec... metrics) {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind(kind).withName(target)
                .endScaleTargetRef().withMinReplicas(2).withMaxReplicas(10).withMetrics(metrics).endSpec().build();
    }

    public static MetricSpec cpuUtilization(int percent) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(percent).endTarget().endResource().build();
    }

    public static MetricSpec podsMetric(String name) {
        return new MetricSpecBuilder().withType("Pods").withNewPods().withNewMetric().withName(name).endMetric()
                .withNewTarget().withType("AverageValue").withAverageValue(new Quantity("100")).endTarget().endPods().build();
    }

    public static PersistentVolumeClaim pvc(String name, String volumeName) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withStorageClassName("gp3").withVolumeName(volumeName).withNewResources()
                .addToRequests("storage", new Quantity("20Gi")).endResources().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();
    }

    public static PersistentVolume ebsVolume(String name, String volumeId, String claim) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addToCapacity("storage", new Quantity("20Gi")).withStorageClassName("gp3")
                .withPersistentVolumeReclaimPolicy("Retain").withNewCsi().withDriver("ebs.csi.aws.com")
                .withVolumeHandle(volumeId).endCsi().withNewClaimRef().withNamespace(NS).withName(claim).endClaimRef()
                .endSpec().withNewStatus().withPhase("Bound").endStatus().build();
    }

    public static Service loadBalancer(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
                .withType("LoadBalancer").addNewPort().withPort(443).endPort().endSpec().withNewStatus()
                .withNewLoadBalancer().addNewIngress().withHostname("a1b2.elb.us-east-1.amazonaws.com").endIngress()
                .endLoadBalancer().endStatus().build();
    }

    public static EndpointSlice slice(String name, String service, Boolean... ready) {
        var builder = new EndpointSliceBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4");
        int ip = 1;
        for (Boolean r : ready) {
            builder.addNewEndpoint().withAddresses("10.0.0." + ip++).withNewConditions().withReady(r).endConditions()
                    .endEndpoint();
        }
        return builder.build();
    }

    public static PodMetrics podMetrics(String pod, String container, String cpu, String memory) {
        return new PodMetricsBuilder().withNewMetadata().withName(pod).withNamespace(NS).endMetadata()
                .withTimestamp("2025-01-01T12:00:00Z").withWindow(new io.fabric8.kubernetes.api.model.Duration(
                        java.time.Duration.ofSeconds(30)))
                .addNewContainer().withName(container).addToUsage("cpu", new Quantity(cpu))
                .addToUsage("memory", new Quantity(memory)).endContainer().build();
    }

    public static OwnerReference ownerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .build();
    }

    public static List<HasMetadata> all(HasMetadata... objects) {
        return List.of(objects);
    }

    private static String uid() {
        return UUID.randomUUID().toString();
    }
}
