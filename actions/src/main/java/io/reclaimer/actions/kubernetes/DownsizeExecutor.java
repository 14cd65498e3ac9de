package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.Quantities;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.model.rightsizing.JvmHeap;
import io.reclaimer.model.rightsizing.RequestPlan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers the CPU and memory requests of one container of a Deployment, StatefulSet or DaemonSet with a
 * JSON Patch, and adjusts its limits as the verdict says ({@code limits}: {@code proportional} scales each
 * limit by the same ratio as its request, {@code drop-cpu} removes the CPU limit, {@code keep} leaves them).
 *
 * <p>The workload patched is the one the recommendation was computed for: its {@code metadata.uid} must be the
 * one the finding recorded, and a workload whose downsize a person rolled back (annotation
 * {@code reclaimer.io/restored-from-action}, which the rollback writes) is left alone.
 *
 * <p>The previous state records the container's four quantities exactly as they were written ({@code ""}
 * = not set), which is what rollback writes back. The patch tests the container name and every value it
 * replaces, so a change made between the re-check and the patch fails the patch instead of being overwritten.
 */
public final class DownsizeExecutor implements ActionExecutor {

    static final String CONTAINER = "container";
    static final String CPU_REQUEST = "requests.cpu";
    static final String MEMORY_REQUEST = "requests.memory";
    static final String CPU_LIMIT = "limits.cpu";
    static final String MEMORY_LIMIT = "limits.memory";
    private static final List<String> QUANTITIES = List.of(CPU_REQUEST, MEMORY_REQUEST, CPU_LIMIT, MEMORY_LIMIT);

    private final KubernetesClusters clusters;

    public DownsizeExecutor(KubernetesClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.DOWNSIZE && kind == FindingKind.OVERPROVISIONED_CONTAINER;
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return true;
    }

    /** The workload container a request targets. */
    record Target(ContainerRef ref, Resource<? extends HasMetadata> resource, HasMetadata workload, int index,
                          Container container) {
    }

    private Target locate(ActionRequest request) throws ActionFailedException {
        ContainerRef ref;
        try {
            ref = ContainerRef.parse(request.target());
        } catch (InvalidEventException e) {
            throw new ActionFailedException("a downsize targets a container key: " + e.getMessage());
        }
        KubernetesClient client = clusters.client(ref.cluster());
        Resource<? extends HasMetadata> resource = Workloads.resource(client, ref.workloadKind(), ref.namespace(),
                ref.workloadName());
        HasMetadata workload = resource.get();
        if (workload == null) {
            return new Target(ref, resource, null, -1, null);
        }
        List<Container> containers = Workloads.podSpec(workload).getContainers();
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i).getName().equals(ref.container())) {
                return new Target(ref, resource, workload, i, containers.get(i));
            }
        }
        return new Target(ref, resource, workload, -1, null);
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        Target target = locate(request);
        if (target.workload() == null) {
            return Check.changed(target.ref().workload() + " no longer exists");
        }
        if (target.container() == null) {
            return Check.changed(target.ref().workload() + " has no container " + target.ref().container() + " any more");
        }
        Optional<String> refused = KubernetesTargets.notPriced(request, TargetIdentity.Kubernetes.of(
                target.ref().workload(), KubernetesTargets.uid(target.workload())))
                .or(() -> KubernetesTargets.restored(target.workload()));
        if (refused.isPresent()) {
            return Check.changed(refused.get(), KubernetesTargets.observed(target.workload()));
        }
        Map<String, String> observed = observe(target.container());
        Optional<JvmHeap> jvm = jvmHeap(target.container(), observed);
        Map<String, String> effective = jvm.map(heap -> withMemoryFloor(request, heap)).orElse(request.proposedState());
        if (!effective.containsKey(ActionParameters.CPU_REQUEST_CORES)
                && !effective.containsKey(ActionParameters.MEMORY_REQUEST_BYTES)) {
            return Check.changed("nothing left to downsize: the JVM needs " + RequestPlan.memory(jvm.orElseThrow().floorBytes())
                    + " (heap from " + jvm.get().source() + " + overhead), no less than the current request", observed);
        }
        boolean allProposed = true;
        boolean allCurrent = true;
        List<String> differences = new ArrayList<>();
        for (String resource : List.of(ActionParameters.CPU_REQUEST_CORES, ActionParameters.MEMORY_REQUEST_BYTES)) {
            BigDecimal proposed = decimal(effective.get(resource));
            if (proposed == null) {
                continue;
            }
            BigDecimal current = decimal(request.currentState().get(resource));
            BigDecimal actual = Quantities.amount(observed.get(resource.startsWith("cpu") ? CPU_REQUEST : MEMORY_REQUEST));
            allProposed &= Quantities.same(actual, proposed);
            allCurrent &= Quantities.same(actual, current);
            if (!Quantities.same(actual, current)) {
                differences.add(resource + " is " + (actual == null ? "not set" : actual.stripTrailingZeros().toPlainString())
                        + ", the request expected " + (current == null ? "unknown" : current.stripTrailingZeros().toPlainString()));
            }
        }
        if (allProposed) {
            return Check.done("requests already at the proposed values", observed);
        }
        if (!allCurrent) {
            return Check.changed(String.join("; ", differences) + " (changed by someone else)", observed);
        }
        return Check.original(observed, planned(effective, observed)).withFacts(Workloads.facts(target.workload()));
    }

    /** The heap the container's JVM is told to use, if it is one (docs/gitops.md, "Limits and the JVM floor"). */
    static Optional<JvmHeap> jvmHeap(Container container, Map<String, String> observed) {
        Map<String, String> env = new java.util.HashMap<>();
        if (container.getEnv() != null) {
            container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        }
        return JvmHeap.of(container.getCommand(), container.getArgs(), env, Quantities.amount(observed.get(MEMORY_LIMIT)));
    }

    /**
     * The request with its memory target raised to the JVM's heap + overhead; without memory to take back above
     * that floor, without its memory part (a downsize never raises a request).
     */
    static Map<String, String> withMemoryFloor(ActionRequest request, JvmHeap heap) {
        BigDecimal proposed = decimal(request.proposedState().get(ActionParameters.MEMORY_REQUEST_BYTES));
        BigDecimal floor = heap.floorBytes();
        if (proposed == null || proposed.compareTo(floor) >= 0) {
            return request.proposedState();
        }
        Map<String, String> proposedState = new java.util.LinkedHashMap<>(request.proposedState());
        BigDecimal current = decimal(request.currentState().get(ActionParameters.MEMORY_REQUEST_BYTES));
        if (current != null && floor.compareTo(current) >= 0) {
            proposedState.remove(ActionParameters.MEMORY_REQUEST_BYTES);
        } else {
            proposedState.put(ActionParameters.MEMORY_REQUEST_BYTES, floor.toPlainString());
        }
        return proposedState;
    }

    /** The container's four quantities as written in the spec; "" = not set. */
    static Map<String, String> observe(Container container) {
        ResourceRequirements resources = container.getResources();
        Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put(CONTAINER, container.getName());
        observed.put(CPU_REQUEST, text(requests.get("cpu")));
        observed.put(MEMORY_REQUEST, text(requests.get("memory")));
        observed.put(CPU_LIMIT, text(limits.get("cpu")));
        observed.put(MEMORY_LIMIT, text(limits.get("memory")));
        return observed;
    }

    /** The four quantities after the change (the limits policy lives in {@link RequestPlan}). */
    static Map<String, String> planned(ActionRequest request, Map<String, String> observed) {
        return planned(request.proposedState(), observed);
    }

    static Map<String, String> planned(Map<String, String> proposed, Map<String, String> observed) {
        return RequestPlan.plan(observed, Quantities::amount, decimal(proposed.get(ActionParameters.CPU_REQUEST_CORES)),
                decimal(proposed.get(ActionParameters.MEMORY_REQUEST_BYTES)),
                RequestPlan.Limits.parse(proposed.get(ActionParameters.LIMITS)), null);
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws ActionFailedException {
        Target target = locate(request);
        if (target.container() == null) {
            throw new ActionFailedException(target.ref().workload() + " or its container disappeared before the patch");
        }
        Workloads.patch(target.resource(), patch(target, check.previousState(), check.plannedState(), request.actionId()));
        return check.plannedState();
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        Target target = locate(request);
        if (target.container() == null) {
            return Check.changed(target.ref().workload() + " or its container no longer exists");
        }
        Map<String, String> observed = observe(target.container());
        if (sameQuantities(observed, executed.previousState())) {
            return Check.done("the container already has its previous requests and limits", observed);
        }
        if (!sameQuantities(observed, executed.newState())) {
            return Check.changed("the container's requests or limits changed since the downsize: now " + observed, observed);
        }
        return Check.original(observed, executed.previousState());
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        Target target = locate(request);
        if (target.container() == null) {
            throw new ActionFailedException(target.ref().workload() + " or its container disappeared before the rollback");
        }
        JsonPatch patch = patch(target, executed.newState(), executed.previousState(), request.actionId() + " (rollback)");
        // a person undid this downsize: no policy downsizes the workload again until a person removes the annotation
        Workloads.annotate(patch, target.workload(), ReclaimerLabels.RESTORED_FROM, request.actionId());
        Workloads.patch(target.resource(), patch);
        Map<String, String> restored = new LinkedHashMap<>(executed.previousState());
        restored.put(ReclaimerLabels.RESTORED_FROM, request.actionId());
        return restored;
    }

    /** Tests the container and every value it changes, then sets requests and limits from {@code from} to {@code to}. */
    static JsonPatch patch(Target target, Map<String, String> from, Map<String, String> to, String actionId) {
        String container = Workloads.containersPath(target.workload()) + target.index();
        JsonPatch patch = JsonPatch.create().test(container + "/name", target.ref().container());
        ResourceRequirements resources = target.container().getResources();
        boolean hasResources = resources != null;
        boolean hasRequests = hasResources && resources.getRequests() != null && !resources.getRequests().isEmpty();
        boolean hasLimits = hasResources && resources.getLimits() != null && !resources.getLimits().isEmpty();
        if (!hasResources) {
            patch.add(container + "/resources", Map.of());
        }
        Map<String, String> requests = new LinkedHashMap<>();
        Map<String, String> limits = new LinkedHashMap<>();
        for (String key : QUANTITIES) {
            String before = from.getOrDefault(key, "");
            String after = to.getOrDefault(key, "");
            if (before.equals(after)) {
                continue;
            }
            boolean request = key.startsWith("requests.");
            String name = key.substring(key.indexOf('.') + 1);
            String path = container + "/resources/" + (request ? "requests" : "limits") + "/" + name;
            boolean groupExists = request ? hasRequests : hasLimits;
            if (!before.isEmpty()) {
                patch.test(path, before);
                if (after.isEmpty()) {
                    patch.remove(path);
                } else {
                    patch.replace(path, after);
                }
            } else if (!after.isEmpty()) {
                if (groupExists) {
                    patch.add(path, after);
                } else {
                    (request ? requests : limits).put(name, after);
                }
            }
        }
        if (!requests.isEmpty()) {
            patch.add(container + "/resources/requests", requests);
        }
        if (!limits.isEmpty()) {
            patch.add(container + "/resources/limits", limits);
        }
        Workloads.annotate(patch, target.workload(), ReclaimerLabels.LAST_ACTION, actionId);
        return patch;
    }

    private static boolean sameQuantities(Map<String, String> observed, Map<String, String> expected) {
        for (String key : QUANTITIES) {
            if (!Quantities.same(Quantities.amount(observed.getOrDefault(key, "")),
                    Quantities.amount(expected.getOrDefault(key, "")))) {
                return false;
            }
        }
        return true;
    }

    private static String text(Quantity quantity) {
        return quantity == null ? "" : quantity.toString();
    }

    private static BigDecimal decimal(String value) {
        return value == null || value.isBlank() ? null : new BigDecimal(value);
    }
}
