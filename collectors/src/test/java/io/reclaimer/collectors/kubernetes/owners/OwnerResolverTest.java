package io.reclaimer.collectors.kubernetes.owners;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnerResolverTest {

    private final Map<String, List<OwnerReference>> owners = Map.of(
            "ReplicaSet/web-7d9f8c6b5", List.of(owner("Deployment", "web")),
            "Job/backup-28934580", List.of(owner("CronJob", "backup")),
            "ReplicaSet/canary-5f6d", List.of(owner("Rollout", "canary")),
            "ReplicaSet/standalone", List.of());
    private final OwnerResolver resolver = new OwnerResolver((kind, ns, name) -> owners.get(kind + "/" + name));

    @Test
    void followsPodToReplicaSetToDeployment() {
        assertThat(resolver.resolve("shop", "web-7d9f8c6b5-x2v4q", List.of(owner("ReplicaSet", "web-7d9f8c6b5"))))
                .isEqualTo(new Workload("Deployment", "web"));
    }

    @Test
    void followsPodToJobToCronJob() {
        assertThat(resolver.resolve("shop", "p", List.of(owner("Job", "backup-28934580"))))
                .isEqualTo(new Workload("CronJob", "backup"));
    }

    @Test
    void takesStatefulSetsDaemonSetsAndForeignControllersAsTheyAre() {
        assertThat(resolver.resolve("shop", "db-0", List.of(owner("StatefulSet", "db")))).isEqualTo(new Workload("StatefulSet", "db"));
        assertThat(resolver.resolve("shop", "a", List.of(owner("DaemonSet", "agent")))).isEqualTo(new Workload("DaemonSet", "agent"));
        assertThat(resolver.resolve("shop", "c", List.of(owner("ReplicaSet", "canary-5f6d")))).isEqualTo(new Workload("Rollout", "canary"));
    }

    @Test
    void aReplicaSetWithoutOwnerOrNotYetCachedIsTheWorkloadItself() {
        assertThat(resolver.resolve("shop", "s", List.of(owner("ReplicaSet", "standalone")))).isEqualTo(new Workload("ReplicaSet", "standalone"));
        assertThat(resolver.resolve("shop", "u", List.of(owner("ReplicaSet", "unknown")))).isEqualTo(new Workload("ReplicaSet", "unknown"));
    }

    @Test
    void aPodWithoutControllerIsItsOwnWorkload() {
        assertThat(resolver.resolve("shop", "debug", List.of())).isEqualTo(new Workload("Pod", "debug"));
        OwnerReference notController = new OwnerReferenceBuilder(owner("ConfigMap", "x")).withController(false).build();
        assertThat(resolver.resolve("shop", "debug", List.of(notController, owner("Secret", "y")).stream()
                .map(o -> new OwnerReferenceBuilder(o).withController(false).build()).toList()))
                .isEqualTo(new Workload("Pod", "debug"));
    }

    private static OwnerReference owner(String kind, String name) {
        return new OwnerReferenceBuilder().withKind(kind).withName(name).withApiVersion("apps/v1").withUid(kind + name)
                .withController(true).build();
    }
}
