package io.reclaimer.actions.gitops;

import io.reclaimer.model.ContainerRef;
import java.util.Map;

/**
 * Where a GitOps-managed downsize goes instead of the cluster: a pull request against the repository the
 * controller syncs from. The module declares this port; {@code app} plugs in the {@code gitops} module's
 * implementation (GitHub), as it does for the policy gate. Implementations are idempotent per action id.
 */
public interface ChangeRequests {

    /** Opens the change request of an action, or returns the one already opened for it. */
    Proposal propose(Change change) throws Exception;

    /** Where a change request stands now. */
    State state(String repoUrl, int number) throws Exception;

    enum State { OPEN, MERGED, CLOSED }

    /** The repository and directory a GitOps tool renders a workload from, and the branch it follows. */
    record Source(String repoUrl, String path, String branch) {
        public Source {
            path = path == null ? "" : path;
            branch = branch == null ? "" : branch;
        }
    }

    /**
     * One container's new requests ({@code cpuRequestCores}/{@code memoryRequestBytes}: plain numbers, null =
     * unchanged), its limits policy, the workload's annotations (for {@code reclaimer.io/values-path}) and the
     * text of the change request.
     */
    record Change(String actionId, Source source, ContainerRef container, Map<String, String> annotations,
                  String cpuRequestCores, String memoryRequestBytes, String limits, String title, String body) {
    }

    /** An opened change request. */
    record Proposal(int number, String url, String branch, boolean existed) {
    }
}
