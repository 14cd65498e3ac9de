package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.model.time.UptimeWindow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Installs an off-hours schedule on a namespace: the uptime window, its time zone and the action id go into
 * the namespace's annotations, and the {@link ScheduleController} puts the namespace to sleep right away
 * when the window is closed. From then on every tick of the service keeps it in step with the window.
 * Rolling back wakes everything the schedule put to sleep, removes the schedule and annotates the namespace
 * {@code reclaimer.io/restored-from-action}: no policy schedules it again until a person removes the annotation.
 * A namespace deleted and created again under its name (another {@code metadata.uid}) is not scheduled.
 */
public final class ScheduleExecutor implements ActionExecutor {

    private final KubernetesClusters clusters;
    private final ScheduleController controller;

    public ScheduleExecutor(KubernetesClusters clusters, ScheduleController controller) {
        this.clusters = clusters;
        this.controller = controller;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.SCHEDULE && kind == FindingKind.OFF_HOURS_SCHEDULE;
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return true;
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        String window = request.proposedState().get(ActionParameters.SCHEDULE_WINDOW);
        String zone = request.proposedState().getOrDefault(ActionParameters.TIME_ZONE, "UTC");
        try {
            UptimeWindow.parse(window, zone);
        } catch (IllegalArgumentException e) {
            throw new ActionFailedException(e.getMessage());
        }
        Namespace ns = namespace(request);
        if (ns == null) {
            return Check.changed("namespace " + request.namespace() + " no longer exists");
        }
        Optional<String> refused = KubernetesTargets.notPriced(request, TargetIdentity.Kubernetes.of(
                ObjectRef.clusterScoped(request.cluster(), "Namespace", request.namespace()), KubernetesTargets.uid(ns)))
                .or(() -> KubernetesTargets.restored(ns));
        if (refused.isPresent()) {
            return Check.changed(refused.get(), KubernetesTargets.observed(ns));
        }
        String installed = Workloads.annotation(ns, ReclaimerLabels.UPTIME_WINDOW);
        String owner = Workloads.annotation(ns, ReclaimerLabels.SCHEDULE_ACTION);
        Map<String, String> observed = observed(ns);
        if (installed == null) {
            return Check.original(Map.of("schedule", "none"), Map.of(ActionParameters.SCHEDULE_WINDOW, window, ActionParameters.TIME_ZONE, zone))
                    .withFacts(Workloads.facts(ns));
        }
        if (request.actionId().equals(owner) && window.equals(installed)) {
            return Check.done("the namespace already carries this schedule", observed);
        }
        return Check.changed("the namespace already has the schedule '" + installed + "' ("
                + (owner == null ? "set by hand" : "action " + owner) + ")", observed);
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws ActionFailedException {
        KubernetesClient client = clusters.client(request.cluster());
        Namespace ns = namespace(request);
        if (ns == null) {
            throw new ActionFailedException("namespace " + request.namespace() + " disappeared before the schedule was set");
        }
        JsonPatch patch = JsonPatch.create();
        ScheduleController.scheduleAnnotations(check.plannedState().get(ActionParameters.SCHEDULE_WINDOW),
                check.plannedState().get(ActionParameters.TIME_ZONE), request.actionId()).forEach((k, v) -> Workloads.annotate(patch, ns, k, v));
        Workloads.patch(client.namespaces().withName(request.namespace()), patch);
        ScheduleController.Transition first = controller.reconcile(request.cluster(), request.namespace(), request.actionId());
        Map<String, String> state = new LinkedHashMap<>(check.plannedState());
        state.put("state", first.state());
        if (!first.changed().isEmpty()) {
            state.put("changed", String.join("; ", first.changed()));
        }
        if (!first.skipped().isEmpty()) {
            state.put("skipped", String.join("; ", first.skipped()));
        }
        return state;
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        Namespace ns = namespace(request);
        if (ns == null) {
            return Check.changed("namespace " + request.namespace() + " no longer exists");
        }
        String owner = Workloads.annotation(ns, ReclaimerLabels.SCHEDULE_ACTION);
        if (owner == null) {
            return Check.done("the namespace carries no schedule any more", observed(ns));
        }
        if (!request.actionId().equals(owner)) {
            return Check.changed("the namespace is now scheduled by " + owner, observed(ns));
        }
        return Check.original(observed(ns), Map.of("schedule", "none"));
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        ScheduleController.Transition woken = controller.wakeNow(request.cluster(), request.namespace(), request.actionId());
        KubernetesClient client = clusters.client(request.cluster());
        Namespace ns = namespace(request);
        JsonPatch patch = JsonPatch.create();
        for (String key : new String[] {ReclaimerLabels.UPTIME_WINDOW, ReclaimerLabels.TIME_ZONE, ReclaimerLabels.SCHEDULE_ACTION,
                ReclaimerLabels.SCHEDULE_STATE}) {
            if (ns != null && Workloads.annotation(ns, key) != null) {
                patch.remove("/metadata/annotations/" + JsonPatch.segment(key));
            }
        }
        if (ns != null) {
            // a person undid this schedule: no policy schedules the namespace again until a person removes the annotation
            Workloads.annotate(patch, ns, ReclaimerLabels.RESTORED_FROM, request.actionId());
        }
        if (!patch.isEmpty()) {
            Workloads.patch(client.namespaces().withName(request.namespace()), patch);
        }
        Map<String, String> state = new LinkedHashMap<>();
        state.put("schedule", "none");
        state.put(ReclaimerLabels.RESTORED_FROM, request.actionId());
        if (!woken.changed().isEmpty()) {
            state.put("woken", String.join("; ", woken.changed()));
        }
        if (!woken.skipped().isEmpty()) {
            state.put("skipped", String.join("; ", woken.skipped()));
        }
        return state;
    }

    private Namespace namespace(ActionRequest request) throws ActionFailedException {
        return clusters.client(request.cluster()).namespaces().withName(request.namespace()).get();
    }

    private static Map<String, String> observed(Namespace ns) {
        Map<String, String> observed = new LinkedHashMap<>();
        for (String key : new String[] {ReclaimerLabels.UPTIME_WINDOW, ReclaimerLabels.TIME_ZONE, ReclaimerLabels.SCHEDULE_ACTION,
                ReclaimerLabels.SCHEDULE_STATE}) {
            String value = Workloads.annotation(ns, key);
            if (value != null) {
                observed.put(key, value);
            }
        }
        return observed;
    }
}
