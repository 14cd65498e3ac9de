package io.reclaimer.actions.execution;

import java.util.Map;

/**
 * Thrown by {@link ActionExecutor#apply} when the change was not made live but proposed in Git (a pull request
 * against the repository a GitOps controller syncs the target from): the engine records PROPOSED_IN_GIT with
 * {@code proposal} as the new state, and the change counts as executed only once the cluster shows it.
 */
public final class ProposedInGitException extends Exception {

    private final transient Map<String, String> proposal;

    public ProposedInGitException(String message, Map<String, String> proposal) {
        super(message);
        this.proposal = Map.copyOf(proposal);
    }

    public Map<String, String> proposal() {
        return proposal;
    }
}
