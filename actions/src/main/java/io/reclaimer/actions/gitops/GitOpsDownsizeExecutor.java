package io.reclaimer.actions.gitops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.Confirmation;
import io.reclaimer.actions.execution.ProposedInGitException;
import io.reclaimer.actions.kubernetes.KubernetesClusters;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.gitops.GitOpsOwner;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A downsize that respects who owns the YAML. Right before acting it reads the live workload's metadata: not
 * GitOps-managed → the live downsize ({@code live}) makes the change; managed by Argo CD or Flux → a live patch
 * would be undone at the next sync, so the change becomes a pull request against the repository the controller
 * syncs from ({@link GitOpsSources}, {@link ChangeRequests}) and the action is PROPOSED_IN_GIT until the cluster
 * shows the new requests ({@link GitOpsTracker}). The re-check and the rollback of live changes are the live
 * executor's; a change made in Git is undone in Git (revert the pull request), never live.
 */
final class GitOpsDownsizeExecutor implements ActionExecutor {

    public static final String PULL_REQUEST = "pullRequest";
    public static final String PULL_REQUEST_URL = "pullRequestUrl";
    public static final String REPOSITORY = "repository";

    private final ActionExecutor live;
    private final KubernetesClusters clusters;
    private final GitOpsSources sources;
    private final ChangeRequests changes;

    GitOpsDownsizeExecutor(ActionExecutor live, KubernetesClusters clusters, GitOpsSources sources,
                                  ChangeRequests changes) {
        this.live = live;
        this.clusters = clusters;
        this.sources = sources;
        this.changes = changes;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return live.handles(type, kind);
    }

    @Override
    public Check check(ActionRequest request) throws Exception {
        return live.check(request);
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws Exception {
        return apply(request, check, observed -> { });
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check, Confirmation lastLook) throws Exception {
        ContainerRef ref = ref(request);
        KubernetesClient client = clusters.client(ref.cluster());
        GenericKubernetesResource workload = workload(client, ref);
        Map<String, String> labels = new HashMap<>(templateLabels(workload));
        if (workload != null && workload.getMetadata().getLabels() != null) {
            labels.putAll(workload.getMetadata().getLabels());
        }
        Map<String, String> annotations = workload == null || workload.getMetadata().getAnnotations() == null ? Map.of()
                : workload.getMetadata().getAnnotations();
        GitOpsOwner owner = GitOpsOwner.detect(labels, annotations);
        if (!owner.managed()) {
            return live.apply(request, check, lastLook);
        }
        ChangeRequests.Source source = sources.resolve(client, owner, ref.namespace());
        ChangeRequests.Proposal proposal = changes.propose(new ChangeRequests.Change(request.actionId(), source, ref,
                annotations, request.proposedState().get("cpuRequestCores"),
                request.proposedState().get("memoryRequestBytes"), request.proposedState().getOrDefault("limits",
                "proportional"), title(request, ref), body(request, ref, owner, check)));
        Map<String, String> state = new LinkedHashMap<>(check.plannedState());
        state.put(PULL_REQUEST, Integer.toString(proposal.number()));
        state.put(PULL_REQUEST_URL, proposal.url());
        state.put(REPOSITORY, source.repoUrl());
        state.put("path", source.path());
        state.put("branch", proposal.branch());
        state.put("gitops", owner.describe());
        throw new ProposedInGitException("proposed in Git as " + proposal.url() + (proposal.existed() ? " (opened earlier)" : "")
                + ": " + owner.describe() + " would undo a live change at its next sync", state);
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return live.reversible(request);
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws Exception {
        if (executed.newState().containsKey(PULL_REQUEST_URL)) {
            return Check.changed("this change was made in Git (" + executed.newState().get(PULL_REQUEST_URL)
                    + "): revert that pull request, a live rollback would be undone by the next sync");
        }
        return live.checkRollback(request, executed);
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws Exception {
        return live.rollback(request, executed);
    }

    static ContainerRef ref(ActionRequest request) throws ActionFailedException {
        try {
            return ContainerRef.parse(request.target());
        } catch (InvalidEventException e) {
            throw new ActionFailedException("a downsize targets a container key: " + e.getMessage());
        }
    }

    /** The live workload as a generic resource, or null when it is gone. */
    static GenericKubernetesResource workload(KubernetesClient client, ContainerRef ref) {
        String apiVersion = switch (ref.workloadKind()) {
            case "CronJob", "Job" -> "batch/v1";
            case "Rollout" -> "argoproj.io/v1alpha1";
            default -> "apps/v1";
        };
        return Resources.get(client, apiVersion, ref.workloadKind(), ref.namespace(), ref.workloadName());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> templateLabels(GenericKubernetesResource workload) {
        if (workload == null) {
            return Map.of();
        }
        Object spec = workload.getAdditionalProperties().get("spec");
        Object template = spec instanceof Map<?, ?> s ? s.get("template") : null;
        Object metadata = template instanceof Map<?, ?> t ? t.get("metadata") : null;
        Object labels = metadata instanceof Map<?, ?> m ? m.get("labels") : null;
        return labels instanceof Map<?, ?> l ? (Map<String, String>) l : Map.of();
    }

    private static String title(ActionRequest request, ContainerRef ref) {
        return "Rightsize " + ref.namespace() + "/" + ref.workloadName() + " (" + ref.container() + "): save "
                + String.format(Locale.ROOT, "%.2f", request.monthlyUsd()) + " USD/month";
    }

    static String body(ActionRequest request, ContainerRef ref, GitOpsOwner owner, Check check) {
        StringBuilder b = new StringBuilder();
        b.append("Reclaimer proposes new requests for container `").append(ref.container()).append("` of ")
                .append(ref.workloadKind()).append(" `").append(ref.namespace()).append('/').append(ref.workloadName())
                .append("` in cluster `").append(ref.cluster()).append("`.\n\n");
        b.append("| | now | proposed |\n|---|---|---|\n");
        for (String key : new String[] {"requests.cpu", "requests.memory", "limits.cpu", "limits.memory"}) {
            String now = check.previousState().getOrDefault(key, "");
            String then = check.plannedState().getOrDefault(key, "");
            if (!now.equals(then) || !now.isEmpty()) {
                b.append("| ").append(key).append(" | ").append(now.isEmpty() ? "unset" : now).append(" | ")
                        .append(then.isEmpty() ? "unset" : then).append(" |\n");
            }
        }
        b.append("\n**Savings:** about ").append(String.format(Locale.ROOT, "%.2f", request.monthlyUsd()))
                .append(" USD/month");
        if (request.confidence() != null) {
            b.append(", confidence ").append(String.format(Locale.ROOT, "%.2f", request.confidence()));
        }
        b.append(".\n\n**Evidence:** finding `").append(request.findingId()).append("`; current ")
                .append(request.currentState()).append(", proposed ").append(request.proposedState()).append(".\n\n");
        b.append("**Policy:** `").append(request.verdict().policy()).append("`, rule `").append(request.verdict().rule())
                .append("` (").append(request.verdict().outcome().name().toLowerCase(Locale.ROOT)).append(")\n");
        request.verdict().reasons().forEach(r -> b.append("- ").append(r).append('\n'));
        b.append("\n**Why a pull request:** this workload is managed by ").append(owner.describe()).append(" (")
                .append(owner.via()).append("): a live change would be undone at its next sync.\n\n");
        b.append("Action `").append(request.actionId()).append("`: Reclaimer records it as executed once the cluster ")
                .append("shows the new requests, and as rejected if this pull request is closed without merging.");
        return b.toString();
    }
}
