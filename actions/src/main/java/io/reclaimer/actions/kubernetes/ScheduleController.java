package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Permit;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.model.time.UptimeWindow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts scheduled namespaces to sleep outside their uptime window and wakes them inside it, like kube-green.
 *
 * <p>The schedule lives on the namespace (annotations {@value ReclaimerLabels#UPTIME_WINDOW},
 * {@value ReclaimerLabels#TIME_ZONE}, {@value ReclaimerLabels#SCHEDULE_ACTION} and the current
 * {@value ReclaimerLabels#SCHEDULE_STATE}), so it survives restarts of this service and is visible with kubectl.
 *
 * <ul>
 *   <li>Sleep: every Deployment and StatefulSet with replicas &gt; 0 is scaled to zero with a JSON Patch that
 *       tests the replica count; the count is kept in {@value ReclaimerLabels#ORIGINAL_REPLICAS}. CronJobs are suspended,
 *       the previous flag kept in {@value ReclaimerLabels#ORIGINAL_SUSPEND}.</li>
 *   <li>HPAs are left alone: Kubernetes does not autoscale a target at zero replicas (the HPA reports
 *       {@code ScalingActive=False, ScalingDisabled}), so the HPA cannot undo the sleep. At wake-up the
 *       original count is restored, clamped into the HPA's current [minReplicas, maxReplicas], and the
 *       HPA takes over again.</li>
 *   <li>Wake: only resources still as the sleep left them are restored. One that someone scaled or
 *       un-suspended in between is skipped and reported, and its annotation removed: it is theirs now.</li>
 *   <li>Opt-out: a workload or CronJob labelled or annotated {@code reclaimer.io/exclude} is never put to sleep;
 *       one that opts out while asleep is not woken by the schedule either (only a person's rollback does).</li>
 *   <li>Each transition of a running service asks the execution-time gate first ({@link SchedulePermits}).</li>
 * </ul>
 *
 * Every step is idempotent: a sleep interrupted half-way is completed by the next tick without touching
 * what is already asleep, because the annotation, not this process, remembers the original counts.
 */
public final class ScheduleController {

    static final String AWAKE = "awake";
    static final String ASLEEP = "asleep";

    private final KubernetesClusters clusters;
    private final Clock clock;

    public ScheduleController(KubernetesClusters clusters, Clock clock) {
        this.clusters = clusters;
        this.clock = clock;
    }

    /**
     * What one pass did to a namespace. {@code state} is the namespace's state afterwards; {@code changed}
     * lists the resources scaled or suspended, {@code skipped} those left alone with the reason.
     */
    public record Transition(String cluster, String namespace, String actionId, String state, boolean transitioned,
                             List<String> changed, List<String> skipped, String problem) {

        public Transition {
            changed = List.copyOf(changed);
            skipped = List.copyOf(skipped);
            problem = problem == null ? "" : problem;
        }

        static Transition problem(String cluster, String namespace, String actionId, String problem) {
            return new Transition(cluster, namespace, actionId, "", false, List.of(), List.of(), problem);
        }
    }

    /**
     * Brings a scheduled namespace to the state its window wants now (nothing when it already is), for a
     * transition an execution's permit already covers. The service's ticks use the gated variant.
     */
    public Transition reconcile(String cluster, String namespace, String actionId) throws ActionFailedException {
        return reconcile(cluster, namespace, actionId, SchedulePermits.GRANTED);
    }

    /**
     * Brings a scheduled namespace to the state its window wants now, if {@code permits} allow that transition
     * at this instant; otherwise nothing changes and {@code problem} says why (asked again on the next tick).
     */
    public Transition reconcile(String cluster, String namespace, String actionId, SchedulePermits permits)
            throws ActionFailedException {
        KubernetesClient client = clusters.client(cluster);
        Namespace ns = client.namespaces().withName(namespace).get();
        if (ns == null) {
            return Transition.problem(cluster, namespace, actionId, "the namespace no longer exists");
        }
        String owner = Workloads.annotation(ns, ReclaimerLabels.SCHEDULE_ACTION);
        if (!actionId.equals(owner)) {
            return Transition.problem(cluster, namespace, actionId, owner == null
                    ? "the schedule annotations were removed from the namespace" : "the namespace is scheduled by " + owner);
        }
        UptimeWindow window;
        try {
            window = UptimeWindow.parse(Workloads.annotation(ns, ReclaimerLabels.UPTIME_WINDOW),
                    Workloads.annotation(ns, ReclaimerLabels.TIME_ZONE));
        } catch (IllegalArgumentException e) {
            return Transition.problem(cluster, namespace, actionId, e.getMessage());
        }
        String current = Workloads.annotation(ns, ReclaimerLabels.SCHEDULE_STATE);
        String desired = window.awakeAt(clock.instant()) ? AWAKE : ASLEEP;
        if (desired.equals(current == null ? AWAKE : current)) {
            return new Transition(cluster, namespace, actionId, desired, false, List.of(), List.of(), "");
        }
        boolean sleeping = ASLEEP.equals(desired);
        Permit permit = sleeping ? permits.sleep(Workloads.facts(ns)) : permits.wake(Workloads.facts(ns));
        if (!permit.proceeds()) {
            return Transition.problem(cluster, namespace, actionId, (sleeping ? "not put to sleep: " : "not woken: ")
                    + permit.reason());
        }
        return sleeping ? sleep(client, cluster, ns, actionId) : wake(client, cluster, ns, actionId, true);
    }

    /**
     * Wakes a namespace now, whatever its window says (a person's rollback of the schedule): also the workloads
     * that opted out while asleep, since a person asked to undo everything the schedule did.
     */
    public Transition wakeNow(String cluster, String namespace, String actionId) throws ActionFailedException {
        KubernetesClient client = clusters.client(cluster);
        Namespace ns = client.namespaces().withName(namespace).get();
        if (ns == null) {
            return Transition.problem(cluster, namespace, actionId, "the namespace no longer exists");
        }
        return wake(client, cluster, ns, actionId, false);
    }

    private Transition sleep(KubernetesClient client, String cluster, Namespace ns, String actionId) {
        String namespace = ns.getMetadata().getName();
        List<String> changed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            sleep(client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName()), d,
                    d.getSpec().getReplicas(), actionId, changed, skipped);
        }
        for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            sleep(client.apps().statefulSets().inNamespace(namespace).withName(s.getMetadata().getName()), s,
                    s.getSpec().getReplicas(), actionId, changed, skipped);
        }
        for (CronJob c : client.batch().v1().cronjobs().inNamespace(namespace).list().getItems()) {
            String name = "CronJob/" + c.getMetadata().getName();
            boolean suspended = Boolean.TRUE.equals(c.getSpec().getSuspend());
            if (Workloads.annotation(c, ReclaimerLabels.ORIGINAL_SUSPEND) != null || suspended) {
                continue;
            }
            Optional<String> optOut = optOut(c);
            if (optOut.isPresent()) {
                skipped.add(name + ": opted out (" + optOut.get() + ")");
                continue;
            }
            JsonPatch patch = JsonPatch.create();
            if (c.getSpec().getSuspend() == null) {
                patch.add("/spec/suspend", true);
            } else {
                patch.test("/spec/suspend", false).replace("/spec/suspend", true);
            }
            Workloads.annotate(patch, c, ReclaimerLabels.ORIGINAL_SUSPEND, "false");
            Workloads.annotate(patch, c, ReclaimerLabels.SLEPT_BY, actionId);
            apply(client.batch().v1().cronjobs().inNamespace(namespace).withName(c.getMetadata().getName()), patch, name,
                    "suspended", changed, skipped);
        }
        markNamespace(client, ns, ASLEEP);
        return new Transition(cluster, namespace, actionId, ASLEEP, true, changed, skipped, "");
    }

    private static void sleep(Resource<? extends HasMetadata> resource, HasMetadata workload, Integer replicas,
                              String actionId, List<String> changed, List<String> skipped) {
        String name = workload.getKind() + "/" + workload.getMetadata().getName();
        int count = replicas == null ? 1 : replicas;
        String original = Workloads.annotation(workload, ReclaimerLabels.ORIGINAL_REPLICAS);
        if (original != null) {
            if (count != 0) {
                skipped.add(name + ": scaled to " + count + " by someone else while asleep, left as it is");
            }
            return;
        }
        if (count == 0) {
            return;
        }
        Optional<String> optOut = optOut(workload);
        if (optOut.isPresent()) {
            skipped.add(name + ": opted out (" + optOut.get() + ")");
            return;
        }
        JsonPatch patch = JsonPatch.create();
        if (replicas == null) {
            patch.add("/spec/replicas", 0);
        } else {
            patch.test("/spec/replicas", count).replace("/spec/replicas", 0);
        }
        Workloads.annotate(patch, workload, ReclaimerLabels.ORIGINAL_REPLICAS, Integer.toString(count));
        Workloads.annotate(patch, workload, ReclaimerLabels.SLEPT_BY, actionId);
        apply(resource, patch, name, count + " -> 0", changed, skipped);
    }

    /** {@code honourOptOut}: a scheduled wake leaves what opted out while asleep alone; a person's rollback does not. */
    private Transition wake(KubernetesClient client, String cluster, Namespace ns, String actionId, boolean honourOptOut) {
        String namespace = ns.getMetadata().getName();
        List<String> changed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<HorizontalPodAutoscaler> hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                .list().getItems();
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            wake(client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName()), d,
                    d.getSpec().getReplicas(), hpas, honourOptOut, changed, skipped);
        }
        for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            wake(client.apps().statefulSets().inNamespace(namespace).withName(s.getMetadata().getName()), s,
                    s.getSpec().getReplicas(), hpas, honourOptOut, changed, skipped);
        }
        for (CronJob c : client.batch().v1().cronjobs().inNamespace(namespace).list().getItems()) {
            String original = Workloads.annotation(c, ReclaimerLabels.ORIGINAL_SUSPEND);
            if (original == null) {
                continue;
            }
            String name = "CronJob/" + c.getMetadata().getName();
            Optional<String> optOut = optOut(c);
            if (honourOptOut && optOut.isPresent()) {
                skipped.add(name + ": opted out while asleep (" + optOut.get() + "), left suspended");
                continue;
            }
            Resource<CronJob> resource = client.batch().v1().cronjobs().inNamespace(namespace).withName(c.getMetadata().getName());
            JsonPatch patch = JsonPatch.create();
            boolean ours = Boolean.TRUE.equals(c.getSpec().getSuspend());
            if (ours) {
                patch.test("/spec/suspend", true).replace("/spec/suspend", Boolean.parseBoolean(original));
            } else {
                skipped.add(name + ": resumed by someone else while asleep, left as it is");
            }
            removeOurAnnotations(patch, c);
            apply(resource, patch, name, "resumed", ours ? changed : new ArrayList<>(), skipped);
        }
        markNamespace(client, ns, AWAKE);
        return new Transition(cluster, namespace, actionId, AWAKE, true, changed, skipped, "");
    }

    private static void wake(Resource<? extends HasMetadata> resource, HasMetadata workload, Integer replicas,
                             List<HorizontalPodAutoscaler> hpas, boolean honourOptOut, List<String> changed,
                             List<String> skipped) {
        String original = Workloads.annotation(workload, ReclaimerLabels.ORIGINAL_REPLICAS);
        if (original == null) {
            return;
        }
        String name = workload.getKind() + "/" + workload.getMetadata().getName();
        Optional<String> optOut = optOut(workload);
        if (honourOptOut && optOut.isPresent()) {
            // Reclaimer touches nothing that opted out, its own annotations included: the count to restore stays there
            skipped.add(name + ": opted out while asleep (" + optOut.get() + "), left as it is (it had " + original
                    + " replicas: see " + ReclaimerLabels.ORIGINAL_REPLICAS + ")");
            return;
        }
        int count = replicas == null ? 1 : replicas;
        JsonPatch patch = JsonPatch.create();
        String restored = null;
        if (count != 0) {
            skipped.add(name + ": scaled to " + count + " by someone else while asleep, left as it is");
        } else {
            int target = Integer.parseInt(original);
            String clamp = "";
            for (HorizontalPodAutoscaler hpa : hpas) {
                var ref = hpa.getSpec().getScaleTargetRef();
                if (ref != null && workload.getKind().equals(ref.getKind()) && workload.getMetadata().getName().equals(ref.getName())) {
                    int min = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
                    int max = hpa.getSpec().getMaxReplicas();
                    int clamped = Math.max(min, Math.min(max, target));
                    clamp = " (HPA " + hpa.getMetadata().getName() + " [" + min + ", " + max + "])";
                    target = clamped;
                }
            }
            patch.test("/spec/replicas", 0).replace("/spec/replicas", target);
            restored = "0 -> " + target + clamp;
        }
        removeOurAnnotations(patch, workload);
        apply(resource, patch, name, restored == null ? "annotation removed" : restored,
                restored == null ? new ArrayList<>() : changed, skipped);
    }

    /** A workload's own opt-out (label or annotation {@code reclaimer.io/exclude}), whatever the namespace says. */
    private static Optional<String> optOut(HasMetadata workload) {
        return ReclaimerLabels.optOut(workload.getMetadata().getLabels(), workload.getMetadata().getAnnotations(), Map.of());
    }

    private static void removeOurAnnotations(JsonPatch patch, HasMetadata resource) {
        for (String key : List.of(ReclaimerLabels.ORIGINAL_REPLICAS, ReclaimerLabels.ORIGINAL_SUSPEND, ReclaimerLabels.SLEPT_BY)) {
            if (Workloads.annotation(resource, key) != null) {
                patch.remove("/metadata/annotations/" + JsonPatch.segment(key));
            }
        }
    }

    private static void apply(Resource<? extends HasMetadata> resource, JsonPatch patch, String name, String what,
                              List<String> changed, List<String> skipped) {
        if (patch.isEmpty()) {
            return;
        }
        try {
            Workloads.patch(resource, patch);
            changed.add(name + " " + what);
        } catch (KubernetesClientException e) {
            // the patch tests what it changes: a failure here means someone changed it a moment ago
            skipped.add(name + ": changed while being patched (" + e.getCode() + "), left as it is");
        }
    }

    private static void markNamespace(KubernetesClient client, Namespace ns, String state) {
        JsonPatch patch = JsonPatch.create();
        Workloads.annotate(patch, ns, ReclaimerLabels.SCHEDULE_STATE, state);
        Workloads.patch(client.namespaces().withName(ns.getMetadata().getName()), patch);
    }

    static Map<String, String> scheduleAnnotations(String window, String zone, String actionId) {
        return Map.of(ReclaimerLabels.UPTIME_WINDOW, window, ReclaimerLabels.TIME_ZONE, zone, ReclaimerLabels.SCHEDULE_ACTION, actionId);
    }
}
