package io.reclaimer.collectors.kubernetes;

import static io.reclaimer.collectors.kubernetes.ClusterFixtures.NS;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.cpuUtilization;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.podSpec;
import static io.reclaimer.collectors.kubernetes.ClusterFixtures.podsMetric;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * A small shop in namespace {@value ClusterFixtures#NS}: a Deployment behind an HPA on CPU (one pod
 * OOM-killed), a CronJob with a running Job, a StatefulSet with a claim and an HPA on a pods metric, a
 * DaemonSet, a bare pod, an orphaned claim, an EBS volume, a LoadBalancer service with three ready
 * endpoints over two slices, a spot and an on-demand node, and metrics for one pod.
 */
final class ShopCluster {

    private final KubernetesClient client;

    private ShopCluster(KubernetesClient client) {
        this.client = client;
    }

    static void create(KubernetesClient client) {
        new ShopCluster(client).build();
    }

    private void build() {
        create(ClusterFixtures.node("ip-10-0-1-7", "m5.large", Map.of("karpenter.sh/capacity-type", "spot",
                        "karpenter.sh/nodepool", "general")),
                ClusterFixtures.node("ip-10-0-1-8", "m5.large", Map.of("eks.amazonaws.com/capacityType", "ON_DEMAND",
                        "eks.amazonaws.com/nodegroup", "system")),
                ClusterFixtures.namespace(NS));
        PodSpec web = podSpec("app", "500m", "1Gi", null, "2Gi");
        Deployment deployment = create(ClusterFixtures.deployment("web", 3, web));
        ReplicaSet replicaSet = create(ClusterFixtures.replicaSet("web-7d9f8c6b5", deployment, web));
        create(ClusterFixtures.oomKilled(ClusterFixtures.pod("web-7d9f8c6b5-x2v4q", replicaSet, "ip-10-0-1-7", web),
                "app", 2, "2025-01-01T11:58:00Z"));
        create(ClusterFixtures.pod("web-7d9f8c6b5-k8m2z", replicaSet, "ip-10-0-1-7", web));
        create(ClusterFixtures.hpa("web", "Deployment", "web", cpuUtilization(70)));

        PodSpec batch = podSpec("backup", "1", "512Mi", "1", "512Mi");
        CronJob cronJob = create(ClusterFixtures.cronJob("nightly-backup", batch));
        Job job = create(ClusterFixtures.job("nightly-backup-28934580", cronJob, batch));
        create(ClusterFixtures.pod("nightly-backup-28934580-q7w2x", job, "ip-10-0-1-8", batch));

        PodSpec database = new PodSpecBuilder(podSpec("postgres", "2", "4Gi", null, null)).withVolumes(
                new VolumeBuilder().withName("data").withNewPersistentVolumeClaim().withClaimName("data-db-0")
                        .endPersistentVolumeClaim().build()).build();
        StatefulSet db = create(ClusterFixtures.statefulSet("db", 1, database));
        create(ClusterFixtures.pod("db-0", db, "ip-10-0-1-8", database));
        create(ClusterFixtures.hpa("db", "StatefulSet", "db", podsMetric("connections")));
        create(ClusterFixtures.pvc("data-db-0", "pv-data-db-0"), ClusterFixtures.pvc("orphan", "pv-orphan"),
                ClusterFixtures.ebsVolume("pv-data-db-0", "vol-0abc123", "data-db-0"));

        PodSpec agent = podSpec("agent", null, null, null, null);
        create(ClusterFixtures.pod("agent-l9x8p", create(ClusterFixtures.daemonSet("agent", agent)), "ip-10-0-1-7", agent));
        create(ClusterFixtures.pod("debug", null, "ip-10-0-1-8", podSpec("shell", "100m", "64Mi", null, null)));

        create(ClusterFixtures.loadBalancer("storefront"),
                ClusterFixtures.slice("storefront-abc", "storefront", true, null, false),
                ClusterFixtures.slice("storefront-def", "storefront", true));
        client.resources(PodMetrics.class).inNamespace(NS)
                .resource(ClusterFixtures.podMetrics("web-7d9f8c6b5-x2v4q", "app", "250m", "600Mi")).create();
    }

    @SafeVarargs
    private <T extends HasMetadata> T create(T... objects) {
        T last = null;
        for (T object : objects) {
            last = client.resource(object).create();
        }
        return last;
    }
}
