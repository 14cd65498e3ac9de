package io.reclaimer.app.deploy;

import static io.reclaimer.app.deploy.Manifests.containers;
import static io.reclaimer.app.deploy.Manifests.kindAndName;
import static io.reclaimer.app.deploy.Manifests.list;
import static io.reclaimer.app.deploy.Manifests.map;
import static io.reclaimer.app.deploy.Manifests.podTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/**
 * What every Reclaimer pod must be, whichever way it is installed: admitted where Pod Security "restricted" is
 * enforced (non-root, RuntimeDefault seccomp, no privilege escalation, all capabilities dropped), with a
 * read-only root filesystem, CPU and memory requests and limits, and a pinned image.
 */
final class PodSecurity {

    private PodSecurity() {
    }

    static void assertHardened(String where, Map<String, Object> workload, String image) {
        String what = where + " " + kindAndName(workload);
        Map<String, Object> pod = map(podTemplate(workload), "spec");
        assertThat(map(pod, "securityContext")).as(what).containsEntry("runAsNonRoot", true);
        assertThat(map(pod, "securityContext", "seccompProfile")).as(what).containsEntry("type", "RuntimeDefault");
        assertThat(map(pod, "securityContext").get("runAsUser")).as(what).isNotEqualTo(0);
        assertThat(pod.get("hostNetwork")).as(what).isNotEqualTo(true);
        assertThat(pod.get("hostPID")).as(what).isNotEqualTo(true);
        assertThat(containers(pod)).as(what).isNotEmpty();
        for (Map<String, Object> container : containers(pod)) {
            String inside = what + " container " + container.get("name");
            Map<String, Object> security = map(container, "securityContext");
            assertThat(security).as(inside).containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false).containsEntry("runAsNonRoot", true);
            assertThat(security.get("privileged")).as(inside).isNotEqualTo(true);
            assertThat(list(security, "capabilities", "drop")).as(inside).containsExactly("ALL");
            assertThat(list(security, "capabilities", "add")).as(inside).isEmpty();
            assertThat(map(container, "resources", "requests")).as(inside).containsKeys("cpu", "memory");
            assertThat(map(container, "resources", "limits")).as(inside).containsKeys("cpu", "memory");
            assertThat(String.valueOf(container.get("image"))).as(inside).isEqualTo(image).doesNotEndWith(":latest");
        }
    }
}
