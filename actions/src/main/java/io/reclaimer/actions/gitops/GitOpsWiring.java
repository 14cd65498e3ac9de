package io.reclaimer.actions.gitops;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.kubernetes.KubernetesClusters;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Puts the GitOps-aware downsize in front of the live one when change requests are configured. */
public final class GitOpsWiring {

    private GitOpsWiring() {
    }

    /** The live downsize executor of a list, if it has one. */
    public static Optional<ActionExecutor> liveDownsize(List<ActionExecutor> executors) {
        return executors.stream().filter(e -> e.handles(ActionType.DOWNSIZE, FindingKind.OVERPROVISIONED_CONTAINER))
                .findFirst();
    }

    /** {@code executors} with the downsize wrapped, or unchanged without change requests or clusters. */
    public static List<ActionExecutor> wrap(List<ActionExecutor> executors, KubernetesClusters clusters,
                                            ChangeRequests changes, ActionsConfig.GitOps config) {
        Optional<ActionExecutor> live = liveDownsize(executors);
        if (changes == null || clusters == null || live.isEmpty()) {
            return executors;
        }
        Map<String, ChangeRequests.Source> repositories = new LinkedHashMap<>();
        config.repositories().forEach((key, r) -> repositories.put(key, new ChangeRequests.Source(r.url(), r.path(),
                r.branch())));
        List<ActionExecutor> wrapped = new ArrayList<>(executors);
        wrapped.add(0, new GitOpsDownsizeExecutor(live.get(), clusters,
                new GitOpsSources(config.argoCdNamespace(), repositories), changes));
        return wrapped;
    }
}
